import { beforeAll, describe, expect, it } from 'vitest';
import { DomainError } from '../../../domain/errors.ts';
import type { PolicyPack } from '../../../domain/policy-pack.ts';
import type { Roster } from '../../../domain/roster.ts';
import { step } from '../../../domain/lifecycle/step.ts';
import { Harness, loadTestPolicy, proposals } from './fixtures.ts';

let policy: { pack: PolicyPack; roster: Roster };
beforeAll(async () => {
  policy = await loadTestPolicy();
});

/** The test roster with only the first `n` voting members of its committee (and its chair kept last). */
const smallRoster = (n: number): Roster => ({
  ...policy.roster,
  committees: policy.roster.committees.map((c) => ({
    ...c,
    members: [
      ...c.members.filter((m) => m.roles.includes('member')).slice(0, n),
      ...c.members.filter((m) => !m.roles.includes('member')),
    ],
  })),
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

describe('a review the roster cannot staff', () => {
  it('records review.staffing_failed and waits, then opens the review once retried with a fixed roster', () => {
    const h = new Harness({ pack: policy.pack, roster: smallRoster(2) }, proposals.high());
    expect(h.types()).toEqual(['system.proposed', 'risk.assessed', 'review.staffing_failed']);
    expect(h.events.at(-1)).toMatchObject({
      data: { purpose: 'initial', committee: 'test-committee', votingMembers: 3, required: 4 },
    });
    expect(h.state).toMatchObject({ stage: 'assessing', pendingAssessment: null, staffing: { purpose: 'initial' } });
    expect(h.assess()).toEqual([]); // nothing is retried by itself
    expect(h.advance(3_600_000)).toEqual([]);

    expect(h.run({ type: 'retryStaffing', actor: 'root-admin' }).map((e) => e.type)).toEqual([
      'review.staffing_retried',
    ]);
    expect(h.assess(policy.roster).map((e) => e.type)).toEqual(['risk.assessed', 'review.opened']);
    expect(h.state).toMatchObject({ stage: 'in_review', staffing: null });
  });

  it('refuses a retry when nothing waits for a committee', () => {
    const h = new Harness(policy, proposals.minimal());
    expect(refusal(() => h.run({ type: 'retryStaffing', actor: 'root-admin' })).code).toBe('WRONG_STAGE');
  });
});

describe('a dated condition past its due date', () => {
  const approvedHigh = (action?: 'remind' | 'escalate' | 'suspend') => {
    const tiers = {
      ...policy.pack.tiers,
      high: { ...policy.pack.tiers.high, ...(action ? { onConditionOverdue: action } : {}) },
    };
    const h = new Harness({ pack: { ...policy.pack, tiers }, roster: policy.roster }, proposals.high());
    for (const m of ['alice', 'bob', 'carol']) h.vote(m, 'approve');
    h.run({ type: 'satisfyCondition', actor: 'olga', conditionId: 'bias-audit', evidence: 'Audit report ref 42.' });
    h.run({ type: 'recordDeployment', actor: 'olga', environment: 'prod', version: '1.0.0' });
    return h;
  };

  it.each([
    [undefined, 'escalate', ['chair-erin']],
    ['escalate', 'escalate', ['chair-erin']],
    ['remind', 'remind', ['olga', 'pat']],
  ] as const)('with the pack saying %s: emits condition.overdue (%s) to %j on time', (setting, action, notified) => {
    const h = approvedHigh(setting);
    expect(h.advance(19_000).filter((e) => e.type === 'condition.overdue')).toEqual([]);
    const fired = h.advance(1_000);
    expect(fired).toEqual([
      {
        type: 'condition.overdue',
        data: { conditionId: 'algorithm-filing', dueAt: expect.any(String), action, notified },
      },
    ]);
    expect(h.state.conditions.find((c) => c.id === 'algorithm-filing')?.status).toBe('overdue');
    expect(h.advance(5_000).filter((e) => e.type === 'condition.overdue')).toEqual([]); // once only
    h.run({ type: 'satisfyCondition', actor: 'olga', conditionId: 'algorithm-filing', evidence: 'Filed late.' });
    expect(h.state.conditions.find((c) => c.id === 'algorithm-filing')?.status).toBe('satisfied');
  });

  it('suspends when the pack says so, and asks back for reinstatement once the condition is met', () => {
    const h = approvedHigh('suspend');
    expect(h.advance(20_000).map((e) => e.type)).toEqual(['condition.overdue', 'system.suspended']);
    expect(h.state.suspension).toEqual({ reason: 'condition_overdue', ref: 'algorithm-filing' });
    const met = h.run({ type: 'satisfyCondition', actor: 'olga', conditionId: 'algorithm-filing', evidence: 'Filed.' });
    expect(met.map((e) => e.type)).toEqual(['condition.satisfied', 'review.re_review_due']);
    expect(h.assess().map((e) => e.type)).toEqual(['risk.assessed', 'review.opened']);
  });

  it('keeps no condition timer when the rules turn it off (lifecycles recorded before it existed)', () => {
    const h = approvedHigh();
    h.now += 20_000;
    expect(step(h.state, { type: 'tick' }, { now: h.now, overdueConditions: false }).events).toEqual([]);
  });
});

describe('bounded times and valid events', () => {
  const deployed = () => {
    const h = new Harness(policy, proposals.minimal());
    h.vote('alice', 'approve');
    h.run({ type: 'recordDeployment', actor: 'olga', environment: 'prod', version: '1.0.0' });
    return h;
  };
  const incident = (h: Harness, causalLinkAt: string) =>
    h.run({
      type: 'reportIncident',
      actor: 'olga',
      severity: 'serious',
      description: 'harm',
      affectedPeople: 1,
      causalLinkAt,
    });

  it.each([
    ['the end of time', '9999-12-31T23:59:59Z', /lies in the future/],
    ['ten minutes ahead', new Date(Date.UTC(2026, 0, 1, 0, 10)).toISOString(), /lies in the future/],
    ['before the proposal', '2025-12-31T23:59:59Z', /before the system was proposed/],
  ])('refuses an incident whose causal link is at %s, naming causalLinkAt', (_what, at, why) => {
    const h = deployed();
    const e = refusal(() => incident(h, at));
    expect(e.code).toBe('INVALID_INPUT');
    expect(e.issues).toEqual([{ path: 'causalLinkAt', message: expect.stringMatching(why) }]);
    expect(h.state.incidents).toEqual([]);
  });

  it('accepts a causal link within the clock skew', () => {
    const h = deployed();
    expect(incident(h, new Date(h.now + 60_000).toISOString()).map((e) => e.type)).toContain('incident.reported');
  });

  it('refuses a command whose event would not match its schema, naming the event field', () => {
    const h = new Harness({ pack: policy.pack, roster: smallRoster(1) }, proposals.minimal());
    h.run({ type: 'retryStaffing', actor: 'root-admin' }); // an assessment is awaited again
    const bad = { ...h.state.assessment, tier: 'catastrophic' } as never;
    const e = refusal(() => h.run({ type: 'recordAssessment', assessment: bad, roster: policy.roster }));
    expect(e.code).toBe('INVALID_INPUT');
    expect(e.issues.map((i) => i.path)).toContain('risk.assessed.assessment.tier');
  });

  it('refuses a deployment recorded on behalf of someone else', () => {
    const h = new Harness(policy, proposals.minimal());
    h.vote('alice', 'approve');
    const e = refusal(() =>
      h.run({ type: 'recordDeployment', actor: 'olga', environment: 'prod', version: '1.0.0', deployer: 'mallory' }),
    );
    expect(e.code).toBe('FORBIDDEN');
    expect(h.run({ type: 'recordDeployment', actor: 'olga', environment: 'prod', version: '1.0.0' })[0]).toMatchObject({
      data: { deployer: 'olga' },
    });
  });
});
