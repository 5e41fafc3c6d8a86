import { beforeAll, describe, expect, it } from 'vitest';
import { DomainError, parseOrThrow } from '../../../domain/errors.ts';
import { RotateCommandKeys } from '../../../domain/lifecycle/commands.ts';
import type { PolicyPack } from '../../../domain/policy-pack.ts';
import type { Roster } from '../../../domain/roster.ts';
import { step } from '../../../domain/lifecycle/step.ts';
import { forgerKeys, testCommandKeys } from '../../support/test-keys.ts';
import { Harness, loadTestPolicy, proposals } from './fixtures.ts';

let policy: { pack: PolicyPack; roster: Roster };
beforeAll(async () => {
  policy = await loadTestPolicy();
});

const refusal = (f: () => unknown): DomainError => {
  try {
    f();
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('expected a refusal');
};

const keyA = testCommandKeys.jwks().keys[0]!;
const keyB = forgerKeys.jwks().keys[0]!;
const rotation = (actor: string, roles: string[], keys = [keyA, keyB]) =>
  parseOrThrow(RotateCommandKeys, { actor, roles, keys, reason: 'The API key rolls over.' }, 'rotation');

describe('rotating the command keys of a lifecycle', () => {
  it('is an administrator’s act: it records the new set as key ids and public keys only', () => {
    const h = new Harness(policy, proposals.minimal());
    const [event, ...rest] = h.run({ type: 'rotateCommandKeys', ...rotation('root-admin', ['admin']) });
    expect(rest).toEqual([]);
    expect(event).toEqual({
      type: 'lifecycle.command_keys_rotated',
      data: { keys: [{ kid: keyA.kid, x: keyA.x }, { kid: keyB.kid, x: keyB.x }], rotatedBy: 'root-admin', reason: 'The API key rolls over.' },
    });
    // Nothing about the system changes: the keys are the workflow's trust in its edge, not the system's state.
    const { sequence, ...after } = h.state;
    const { sequence: before, ...was } = new Harness(policy, proposals.minimal()).state;
    expect(after).toEqual(was);
    expect(sequence).toBe(before + 1);
  });

  it.each([
    ['its proposer', 'pat', ['proposer']],
    ['its owner', 'olga', ['deployer']],
    ['a committee member', 'alice', ['committee_member']],
    ['an auditor', 'ann', ['auditor']],
  ])('refuses %s (FORBIDDEN)', (_who, actor, roles) => {
    const h = new Harness(policy, proposals.minimal());
    const e = refusal(() => step(h.state, { type: 'rotateCommandKeys', ...rotation(actor, roles) }, { now: h.now }));
    expect(e.code).toBe('FORBIDDEN');
  });

  it('refuses a rotation on an ended lifecycle', () => {
    const h = new Harness(policy, proposals.prohibited());
    expect(h.state.stage).toBe('rejected');
    const e = refusal(() => step(h.state, { type: 'rotateCommandKeys', ...rotation('root-admin', ['admin']) }, { now: h.now }));
    expect(e.code).toBe('WRONG_STAGE');
  });

  it.each([
    ['a private key (d)', [{ ...keyA, d: 'A'.repeat(43) }], 'keys[0].d'],
    ['an empty set', [], 'keys'],
    ['a key listed twice', [keyA, keyA], 'keys'],
    ['a key of another curve', [{ ...keyA, crv: 'X25519' }], 'keys[0].crv'],
  ])('refuses %s, naming the field', (_what, keys, path) => {
    const e = refusal(() => parseOrThrow(RotateCommandKeys, { actor: 'root-admin', keys, reason: 'Roll.' }, 'rotation'));
    expect(e.code).toBe('INVALID_INPUT');
    expect(e.issues.map((i) => i.path)).toContain(path);
  });
});
