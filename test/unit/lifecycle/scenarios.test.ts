import { beforeAll, describe, expect, it } from 'vitest';
import { DomainError } from '../../../domain/errors.ts';
import type { PolicyPack } from '../../../domain/policy-pack.ts';
import type { Roster } from '../../../domain/roster.ts';
import { Harness, loadTestPolicy, proposals } from './fixtures.ts';

let policy: { pack: PolicyPack; roster: Roster };
beforeAll(async () => {
  policy = await loadTestPolicy();
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

describe('the lifecycle from proposal to deployment', () => {
  it('approves a minimal-tier system on one approval and deploys it', () => {
    const h = new Harness(policy, proposals.minimal());
    expect(h.state.stage).toBe('in_review');
    expect(h.state.tier).toBe('minimal');
    h.vote('alice', 'approve');
    expect(h.state.stage).toBe('approved');
    h.run({ type: 'recordDeployment', actor: 'olga', environment: 'prod', version: '1.0.0' });
    expect(h.state.stage).toBe('deployed');
    expect(h.types()).toEqual(['system.proposed', 'risk.assessed', 'review.opened', 'review.vote_cast', 'system.approved', 'system.deployed']);
  });

  it('needs two distinct approvals and three votes for a high-tier system', () => {
    const h = new Harness(policy, proposals.high());
    expect(h.state.tier).toBe('high');
    h.vote('alice', 'approve');
    h.vote('bob', 'approve');
    expect(h.state.stage).toBe('in_review');
    h.vote('carol', 'request_changes');
    expect(h.state.stage).toBe('approved');
    expect(h.state.conditions.map((c) => c.id)).toEqual(['bias-audit', 'algorithm-filing']);
  });

  it('rejects a prohibited use at once, without a review', () => {
    const h = new Harness(policy, proposals.prohibited());
    expect(h.types()).toEqual(['system.proposed', 'risk.assessed', 'system.rejected']);
    expect(h.state.stage).toBe('rejected');
  });

  it('goes back to assessment after changes are requested and the proposal is amended', () => {
    const h = new Harness(policy, proposals.limited());
    h.vote('alice', 'request_changes');
    h.vote('bob', 'request_changes');
    expect(h.state.stage).toBe('in_review'); // approval is still reachable with three members to vote
    h.vote('carol', 'request_changes');
    expect(h.state.stage).toBe('changes_requested');
    h.run({ type: 'amendProposal', actor: 'pat', changes: { purpose: 'Rank internal manuals, with a bias audit.' } });
    expect(h.state.stage).toBe('assessing');
    h.assess();
    expect(h.state.review?.round).toBe(2);
    h.vote('alice', 'approve');
    h.vote('bob', 'approve');
    expect(h.state.stage).toBe('approved');
    expect(h.state.proposal?.purpose).toContain('bias audit');
  });

  it('rejects on a reject majority', () => {
    const h = new Harness(policy, proposals.limited());
    h.vote('alice', 'reject');
    h.vote('bob', 'reject');
    expect(h.state.stage).toBe('rejected');
  });

  it.each([
    ['the owner', 'olga', 'OWN_SYSTEM'],
    ['the proposer', 'pat', 'OWN_SYSTEM'],
    ['someone with no part in the system (who may not know it exists)', 'mallory', 'NOT_FOUND'],
    ['an adviser', 'adviser-frank', 'FORBIDDEN'],
  ])('refuses a vote by %s', (_who, actor, code) => {
    const h = new Harness(policy, proposals.high());
    expect(codeOf(() => h.vote(actor, 'approve'))).toBe(code);
  });

  it('refuses a second vote and a vote after recusal', () => {
    const h = new Harness(policy, proposals.high());
    h.vote('alice', 'approve');
    expect(codeOf(() => h.vote('alice', 'reject'))).toBe('ALREADY_VOTED');
    h.run({ type: 'recuse', actor: 'bob', conflict: 'Former member of the team.' });
    expect(codeOf(() => h.vote('bob', 'approve'))).toBe('RECUSED');
  });

  it('refuses a deployment until conditions due before deployment are met', () => {
    const h = new Harness(policy, proposals.high());
    for (const m of ['alice', 'bob', 'carol']) h.vote(m, 'approve');
    const deploy = () => h.run({ type: 'recordDeployment', actor: 'olga', environment: 'prod', version: '1.0.0' });
    expect(codeOf(deploy)).toBe('CONDITIONS_OPEN');
    h.run({ type: 'satisfyCondition', actor: 'olga', conditionId: 'bias-audit', evidence: 'Audit report ref 42.' });
    expect(codeOf(deploy)).toBeUndefined();
    expect(h.state.stage).toBe('deployed');
  });

  // The harness's clock is 2026-01-01: bias-audit applying from the next day is upcoming, from that very day in force.
  const biasAuditFrom = (appliesFrom: string): { pack: PolicyPack; roster: Roster } => {
    const high = policy.pack.tiers.high;
    const conditions = high.conditions.map((c) => (c.id === 'bias-audit' ? { ...c, appliesFrom } : c));
    return { ...policy, pack: { ...policy.pack, tiers: { ...policy.pack.tiers, high: { ...high, conditions } } } };
  };

  it('a duty that applies only from a later date does not hold up a deployment before it, and the deployment lists it with its date', () => {
    const h = new Harness(biasAuditFrom('2026-01-02'), proposals.high());
    for (const m of ['alice', 'bob', 'carol']) h.vote(m, 'approve');
    const [deployed] = h.run({ type: 'recordDeployment', actor: 'olga', environment: 'prod', version: '1.0.0' });
    expect(h.state.stage).toBe('deployed');
    expect(deployed).toMatchObject({ type: 'system.deployed', data: { upcomingConditions: [{ conditionId: 'bias-audit', appliesFrom: '2026-01-02' }] } });
    // Still a condition of the approval, still open: it is met when it applies.
    expect(h.state.conditions.find((c) => c.id === 'bias-audit')?.status).not.toBe('satisfied');
  });

  it('a run recorded before applicability dates at deployment still waits for the duty, as it did then', () => {
    const h = new Harness(biasAuditFrom('2026-01-02'), proposals.high());
    h.upcomingDuties = false;
    for (const m of ['alice', 'bob', 'carol']) h.vote(m, 'approve');
    expect(codeOf(() => h.run({ type: 'recordDeployment', actor: 'olga', environment: 'prod', version: '1.0.0' }))).toBe('CONDITIONS_OPEN');
  });

  it('from the day a duty applies, it holds up a deployment as any other', () => {
    const h = new Harness(biasAuditFrom('2026-01-01'), proposals.high());
    for (const m of ['alice', 'bob', 'carol']) h.vote(m, 'approve');
    const deploy = () => h.run({ type: 'recordDeployment', actor: 'olga', environment: 'prod', version: '1.0.0' });
    expect(codeOf(deploy)).toBe('CONDITIONS_OPEN');
    h.run({ type: 'satisfyCondition', actor: 'olga', conditionId: 'bias-audit', evidence: 'Audit report ref 42.' });
    const [deployed] = deploy();
    expect(deployed?.data).not.toHaveProperty('upcomingConditions');
  });

  it('sends a reminder and escalates at the deadline, and never decides by timer', () => {
    const h = new Harness(policy, proposals.high());
    h.vote('alice', 'approve');
    expect(h.advance(10_000).map((e) => e.type)).toEqual(['review.reminder_sent']);
    const escalated = h.advance(10_000);
    expect(escalated.map((e) => e.type)).toEqual(['review.escalated']);
    expect(escalated[0]).toMatchObject({ data: { to: ['chair-erin'], missingVoters: ['bob', 'carol', 'dave', 'chair-erin'] } });
    expect(h.advance(60_000)).toEqual([]);
    expect(h.state.stage).toBe('in_review');
  });
});
