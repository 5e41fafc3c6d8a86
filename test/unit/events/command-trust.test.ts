import { describe, expect, it } from 'vitest';
import { createCommandSigner } from '../../../client/command-signer.ts';
import { DomainError } from '../../../domain/errors.ts';
import { COMMAND_MAX_AGE_MS, START_COMMAND } from '../../../events/command-proof.ts';
import { CommandTrust } from '../../../workflows/command-trust.ts';
import { forgerKeys, testCommandKeys } from '../../support/test-keys.ts';

const startedAt = Date.parse('2026-06-01T12:00:00Z');
const proposal = { systemId: 'loan-bot', name: 'Loan bot' };
const start = { proposal, policyPack: 'ai-governance-code-2026', actor: 'mei-lin', roles: ['proposer'] };
const signStart = (input: object = start, keys = testCommandKeys, at = startedAt - 1_000) =>
  createCommandSigner(keys.signer, () => at).sign({ cmd: START_COMMAND, sys: 'loan-bot', sub: 'mei-lin', input });

const trust = (): CommandTrust => {
  const t = new CommandTrust(true);
  t.load(testCommandKeys.jwks());
  return t;
};

/** The refusal's code and reason, or 'ok'. */
function verdict(f: () => unknown): string {
  try {
    f();
    return 'ok';
  } catch (e) {
    if (!(e instanceof DomainError)) throw e;
    return `${e.code}: ${e.message}`;
  }
}

describe("a lifecycle's signed start", () => {
  it('accepts the edge’s proof for exactly this proposal, pack, proposer and roles', async () => {
    const proof = await signStart();
    expect(verdict(() => trust().checkStart(start, proof, startedAt))).toBe('ok');
  });

  it.each([
    ['no proof (a start sent straight to Temporal)', async () => undefined, start, /not signed by the API/],
    ['a proof by a key the workers do not trust', () => signStart(start, forgerKeys), start, /does not trust/],
    ['another pack than the one signed', () => signStart(), { ...start, policyPack: 'test' }, /another input/],
    ['another proposal than the one signed', () => signStart(), { ...start, proposal: { ...proposal, name: 'X' } }, /another input/],
    ['roles the edge did not vouch for', () => signStart(), { ...start, roles: ['admin'] }, /another input/],
    ['a proof issued long before the start', () => signStart(start, testCommandKeys, startedAt - COMMAND_MAX_AGE_MS - 1), start, /expired/],
  ])('refuses %s', async (_what, proofOf, claims, why) => {
    const proof = await proofOf();
    expect(verdict(() => trust().checkStart(claims, proof, startedAt))).toMatch(new RegExp(`^UNAUTHENTICATED: .*${why.source}`));
  });

  it('refuses a proof for an update as a start', async () => {
    const vote = await createCommandSigner(testCommandKeys.signer, () => startedAt).sign({ cmd: 'castVote', sys: 'loan-bot', sub: 'mei-lin', input: start });
    expect(verdict(() => trust().checkStart(start, vote, startedAt))).toMatch(/another cmd/);
  });
});

describe('a rotation of the edge keys', () => {
  const [a] = testCommandKeys.jwks().keys;
  const [b] = forgerKeys.jwks().keys;

  it('is taken when every key id is its thumbprint, and from then on only the new set verifies', async () => {
    const t = trust();
    expect(verdict(() => t.checkRotation([b!]))).toBe('ok');
    t.rotate([b!]);
    const byA = await createCommandSigner(testCommandKeys.signer, () => startedAt).sign({ cmd: 'castVote', sys: 's', sub: 'x', input: { actor: 'x' } });
    const byB = await createCommandSigner(forgerKeys.signer, () => startedAt).sign({ cmd: 'castVote', sys: 's', sub: 'x', input: { actor: 'x' } });
    expect(verdict(() => t.check('castVote', 's', { actor: 'x' }, byB, startedAt))).toBe('ok');
    expect(verdict(() => t.check('castVote', 's', { actor: 'x' }, byA, startedAt))).toMatch(/does not trust/);
    expect(t.snapshot()?.jwks.keys.map((k) => k.kid)).toEqual([b!.kid]);
  });

  it('refuses a key whose id is not its thumbprint', () => {
    expect(verdict(() => trust().checkRotation([{ kid: b!.kid, x: a!.x }]))).toMatch(/^INVALID_INPUT: .*thumbprint/);
  });

  it('refuses to rotate a lifecycle that predates signed commands', () => {
    expect(verdict(() => new CommandTrust(false).checkRotation([a!]))).toMatch(/^WRONG_STAGE: .*predates signed commands/);
  });
});
