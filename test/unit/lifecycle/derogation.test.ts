import { beforeAll, describe, expect, it } from 'vitest';
import { assessRisk } from '../../../domain/assess-risk.ts';
import { DomainError } from '../../../domain/errors.ts';
import type { PolicyPack } from '../../../domain/policy-pack.ts';
import type { Roster } from '../../../domain/roster.ts';
import { Harness, loadTestPolicy, proposal } from './fixtures.ts';

let policy: { pack: PolicyPack; roster: Roster };
beforeAll(async () => {
  const loaded = await loadTestPolicy();
  // The test pack with a derogation as the EU pack writes it: a decision while claimed, documentation once accepted.
  const documented = { id: 'derogation-documented', description: 'Document the assessment that it is not high-risk.', dueBefore: 'deployment' as const };
  policy = {
    ...loaded,
    pack: {
      ...loaded.pack,
      derogation: {
        source: 'EU AI Act Art. 6(3)', grounds: ['preparatory_task'], reason: 'the committee decides',
        conditions: [{ id: 'derogation-decision', description: 'The committee decides the claim.', dueBefore: 'deployment' }, documented],
        accepted: { tier: 'limited', reason: 'not high-risk once accepted', conditions: [documented] },
      },
    },
  };
});

const codeOf = (f: () => unknown): string | undefined => {
  try {
    f();
  } catch (e) {
    if (e instanceof DomainError) return e.code;
    throw e;
  }
  return undefined;
};

const claimed = (profilesPeople = false) =>
  proposal({ sector: 'finance', derogationClaim: { ground: 'preparatory_task', justification: 'Sorts files before a person reads them.', profilesPeople } });

function approvedHigh(profilesPeople = false): Harness {
  const h = new Harness(policy, claimed(profilesPeople));
  for (const m of ['alice', 'bob', 'carol']) h.vote(m, 'approve');
  expect([h.state.stage, h.state.tier]).toEqual(['approved', 'high']);
  return h;
}

const reason = 'It only sorts files before a caseworker reads them (Art. 6(3)(d)).';

describe('accepting a derogation claim (EU AI Act Art. 6(3))', () => {
  it('records who accepted and why, lowers the tier to the pack\'s, and drops the high tier\'s conditions from the approval', () => {
    const h = approvedHigh();
    expect(h.run({ type: 'acceptDerogation', actor: 'alice', reason })).toEqual([]);
    const assessment = assessRisk(h.state.proposal!, policy.pack, { derogationAccepted: true });
    const [e] = h.run({ type: 'recordDerogationAcceptance', actor: 'alice', reason, assessment });
    expect(e).toMatchObject({
      type: 'derogation.accepted',
      data: { ground: 'preparatory_task', source: 'EU AI Act Art. 6(3)', acceptedBy: 'alice', reason, tierFrom: 'high', tierTo: 'limited' },
    });
    expect(e?.type === 'derogation.accepted' && e.data.removedConditions.sort()).toEqual(['algorithm-filing', 'bias-audit', 'derogation-decision']);
    expect(h.state.tier).toBe('limited');
    expect(h.state.derogationAccepted).toEqual({ by: 'alice', reason });
    expect(h.state.conditions.map((c) => c.id)).toEqual(['derogation-documented']);
    expect(codeOf(() => h.run({ type: 'acceptDerogation', actor: 'bob', reason }))).toBe('CONFLICT');
  });

  it('refuses the proposer, the owner and anyone off the committee before anything is recorded', () => {
    const h = approvedHigh();
    expect(codeOf(() => h.run({ type: 'acceptDerogation', actor: 'pat', reason }))).toBe('OWN_SYSTEM');
    expect(codeOf(() => h.run({ type: 'acceptDerogation', actor: 'olga', reason }))).toBe('OWN_SYSTEM');
    expect(codeOf(() => h.run({ type: 'acceptDerogation', actor: 'mallory', reason }))).toBe('NOT_FOUND');
  });

  it('never accepts the claim of a system that profiles people, nor records an assessment that did not accept it', () => {
    const h = approvedHigh(true);
    expect(codeOf(() => h.run({ type: 'acceptDerogation', actor: 'alice', reason }))).toBe('CONFLICT');
    const open = approvedHigh();
    const notAccepted = assessRisk(open.state.proposal!, policy.pack);
    expect(codeOf(() => open.run({ type: 'recordDerogationAcceptance', actor: 'alice', reason, assessment: notAccepted }))).toBe('CONFLICT');
    expect(open.state.tier).toBe('high');
  });

  it('waits while a review is open', () => {
    const h = new Harness(policy, claimed());
    expect(h.state.stage).toBe('in_review');
    expect(codeOf(() => h.run({ type: 'acceptDerogation', actor: 'alice', reason }))).toBe('WRONG_STAGE');
  });
});
