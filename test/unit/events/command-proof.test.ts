import { describe, expect, it } from 'vitest';
import { createCommandSigner } from '../../../client/command-signer.ts';
import { DomainError } from '../../../domain/errors.ts';
import { COMMAND_MAX_AGE_MS, readCommandProof, verifyCommandProof } from '../../../events/command-proof.ts';
import { forgerKeys, testCommandKeys } from '../../support/test-keys.ts';

const now = Date.parse('2026-06-01T12:00:00Z');
const vote = { actor: 'alice', vote: 'approve', rationale: 'fine' };
const command = { cmd: 'castVote', sys: 'loan-bot', sub: 'alice', input: vote };
const sign = (at = now, keys = testCommandKeys) => createCommandSigner(keys.signer, () => at).sign(command);
const ctx = (seen: string[] = []) => ({ keys: testCommandKeys.trusted, now, seen: (j: string) => seen.includes(j) });

/** The refusal's reason, or 'ok'. */
function verdict(proof: unknown, expected = command, context = ctx()): string {
  try {
    verifyCommandProof(proof, expected, context);
    return 'ok';
  } catch (e) {
    if (!(e instanceof DomainError)) throw e;
    expect(e.code).toBe('UNAUTHENTICATED');
    return e.message.replace('command refused: ', '');
  }
}

describe('signed commands', () => {
  it('accepts a fresh proof by the edge for exactly this command, and the record can read who, what and when', async () => {
    const proof = await sign();
    expect(verdict(proof)).toBe('ok');
    expect(readCommandProof(proof)).toMatchObject({
      sub: 'alice',
      sys: 'loan-bot',
      cmd: 'castVote',
      iat: now,
      kid: testCommandKeys.signer.kid,
    });
  });

  it.each([
    ['no proof at all', undefined, /not signed by the API/],
    ['garbage', 'a.b', /not a compact JWS/],
  ])('refuses %s', (_what, proof, reason) => {
    expect(verdict(proof)).toMatch(reason);
  });

  it('refuses another key, another actor, system, command or input, an old, a future and a replayed proof', async () => {
    const proof = await sign();
    expect(verdict(await sign(now, forgerKeys))).toMatch(/which this lifecycle does not trust/);
    expect(verdict(proof, { ...command, sub: 'carol', input: { ...vote, actor: 'carol' } })).toMatch(/another sub/);
    expect(verdict(proof, { ...command, sys: 'other-bot' })).toMatch(/another sys/);
    expect(verdict(proof, { ...command, cmd: 'retire' })).toMatch(/another cmd/);
    expect(verdict(proof, { ...command, input: { ...vote, vote: 'reject' } })).toMatch(/another input/);
    expect(verdict(await sign(now - COMMAND_MAX_AGE_MS - 1))).toMatch(/expired/);
    expect(verdict(await sign(now + 120_000))).toMatch(/future/);
    expect(verdict(proof, command, ctx([readCommandProof(proof)!.jti]))).toMatch(/replay/);
    const [h, p, s] = proof.split('.');
    const flipped = `${h}.${p}.${s!.slice(0, -2)}${s!.endsWith('AA') ? 'BA' : 'AA'}`;
    expect(verdict(flipped)).toMatch(/does not verify/);
  });
});
