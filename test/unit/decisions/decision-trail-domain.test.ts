import { beforeAll, describe, expect, it } from 'vitest';
import { checkDecision } from '../../../domain/decisions/check-decision.ts';
import { oversightBreaches, oversightFigures } from '../../../domain/decisions/oversight.ts';
import { DomainError } from '../../../domain/errors.ts';
import { defaultDecisionTrail, type PolicyPack } from '../../../domain/policy-pack.ts';
import type { Roster } from '../../../domain/roster.ts';
import { Harness, loadTestPolicy, proposals } from '../lifecycle/fixtures.ts';

let policy: { pack: PolicyPack; roster: Roster };
beforeAll(async () => {
  policy = await loadTestPolicy();
});

const checker = { actor: 'svc-decision-checker', roles: ['decision_checker' as const] };

function deployed(): Harness {
  const h = new Harness(policy, proposals.minimal());
  h.vote('alice', 'approve');
  h.run({ type: 'recordDeployment', actor: 'olga', environment: 'prod', version: '1.0.0' });
  return h;
}

const figures = { decisions: 40, reviewed: 30, overridden: 8, reviewedShare: 0.75, overrideRate: 0.2, previousOverrideRate: null, trend: 'first_period' as const, peopleAffected: 40 };

describe('checking a decision against the lifecycle', () => {
  it('passes a decision by the approved and deployed version within the declared scale', () => {
    expect(checkDecision(deployed().state, { modelVersion: '1.0.0', peopleAffected: 5 })).toEqual([]);
  });

  it.each([
    ['another version', { modelVersion: '2.0.0', peopleAffected: 1 }, ['unapproved_version']],
    ['more people than the 100 declared', { modelVersion: '1.0.0', peopleAffected: 101 }, ['beyond_declared_scale']],
    ['both at once', { modelVersion: '0.9.0', peopleAffected: 500 }, ['unapproved_version', 'beyond_declared_scale']],
  ])('finds %s', (_what, facts, kinds) => {
    expect(checkDecision(deployed().state, facts).map((f) => f.kind)).toEqual(kinds);
  });

  it('treats a decision before any deployment as an unapproved version', () => {
    const h = new Harness(policy, proposals.minimal());
    h.vote('alice', 'approve');
    expect(checkDecision(h.state, { modelVersion: '1.0.0', peopleAffected: 1 }).map((f) => f.kind)).toEqual(['unapproved_version']);
  });

  it('finds a decision after suspension, whatever the version', () => {
    const h = deployed();
    h.run({ type: 'reportIncident', actor: 'olga', severity: 'serious', description: 'harm', affectedPeople: 3, causalLinkAt: new Date(h.now).toISOString() });
    expect(h.state.stage).toBe('suspended');
    expect(checkDecision(h.state, { modelVersion: '1.0.0', peopleAffected: 1 }).map((f) => f.kind)).toEqual(['system_suspended']);
    h.assess();
    expect(h.state.stage).toBe('in_review');
    expect(checkDecision(h.state, { modelVersion: '1.0.0', peopleAffected: 1 }).map((f) => f.kind)).toEqual(['system_suspended']);
  });
});

describe('recording findings in the lifecycle', () => {
  it('records a violation with the lifecycle view beside the claim', () => {
    const h = deployed();
    const [e] = h.run({
      type: 'recordDecisionViolation', ...checker, kind: 'unapproved_version', decisionId: 'd-7', modelVersion: '2.0.0',
      decidedAt: '2026-01-01T00:00:00.000Z', period: '2026-01', peopleAffected: 3, declaredScale: 100,
    });
    expect(e).toMatchObject({ type: 'decision.violation_detected', data: { stage: 'deployed', approvedVersion: '1.0.0', runningVersion: '1.0.0', detectedBy: 'svc-decision-checker' } });
    expect(h.state.stage).toBe('deployed');
  });

  it.each([
    ['a person without the checker role', { actor: 'olga', roles: ['deployer' as const] }, 'FORBIDDEN'],
    ['a committee chair', { actor: 'alice', roles: ['chair' as const] }, 'FORBIDDEN'],
  ])('refuses a violation reported by %s', (_who, actor, code) => {
    const h = deployed();
    const run = () => h.run({
      type: 'recordDecisionViolation', ...actor, kind: 'system_suspended', decisionId: 'd-1', modelVersion: '1.0.0',
      decidedAt: '2026-01-01T00:00:00.000Z', period: '2026-01', peopleAffected: 1, declaredScale: 100,
    });
    expect(run).toThrow(DomainError);
    expect(() => run()).toThrow(expect.objectContaining({ code }) as Error);
  });

  it('makes a re-review due when oversight figures cross a threshold, with the figures in the event', () => {
    const h = deployed();
    const events = h.run({ type: 'recordOversightReview', ...checker, period: '2026-01', figures, breaches: [{ rule: 'override_rate', limit: 0.15, actual: 0.2 }] });
    expect(events.map((e) => e.type)).toEqual(['decision.oversight_threshold_crossed', 'review.re_review_due']);
    expect(events[0]).toMatchObject({ data: { figures: { overrideRate: 0.2 }, reReviewDue: true } });
    expect(events[1]).toMatchObject({ data: { purpose: 're_review', ref: 'oversight-2026-01' } });
    h.assess();
    expect(h.state.review?.purpose).toBe('re_review');
  });

  it('records the crossing without a second re-review while one is underway', () => {
    const h = deployed();
    h.run({ type: 'recordOversightReview', ...checker, period: '2026-01', figures, breaches: [{ rule: 'override_rate', limit: 0.15, actual: 0.2 }] });
    const again = h.run({ type: 'recordOversightReview', ...checker, period: '2026-01', figures, breaches: [{ rule: 'override_rate', limit: 0.15, actual: 0.2 }] });
    expect(again.map((e) => e.type)).toEqual(['decision.oversight_threshold_crossed']);
    expect(again[0]).toMatchObject({ data: { reReviewDue: false } });
  });
});

describe('oversight signals', () => {
  it('computes the share reviewed, the override rate and its trend', () => {
    const f = oversightFigures({ decisions: 50, reviewed: 25, overridden: 10, peopleAffected: 44 }, { decisions: 100, reviewed: 10, overridden: 5, peopleAffected: 90 });
    expect(f).toEqual({ decisions: 50, reviewed: 25, overridden: 10, reviewedShare: 0.5, overrideRate: 0.2, previousOverrideRate: 0.05, trend: 'rising', peopleAffected: 44 });
    expect(oversightFigures({ decisions: 10, reviewed: 0, overridden: 0, peopleAffected: 1 }, undefined).trend).toBe('first_period');
    expect(oversightFigures({ decisions: 0, reviewed: 0, overridden: 0, peopleAffected: 0 }, undefined).overrideRate).toBe(0);
  });

  it.each([
    ['above 15% over enough decisions', { decisions: 20, overridden: 4 }, ['override_rate']],
    ['at exactly 15%', { decisions: 20, overridden: 3 }, []],
    ['above 15% over too few decisions to judge', { decisions: 19, overridden: 10 }, []],
  ])('judges an override rate %s', (_what, counts, rules) => {
    const f = oversightFigures({ ...counts, reviewed: counts.decisions, peopleAffected: 1 }, undefined);
    expect(oversightBreaches(f, defaultDecisionTrail, 1000).map((b) => b.rule)).toEqual(rules);
  });

  it('judges volume against the declared scale, when the pack asks', () => {
    const f = oversightFigures({ decisions: 5, reviewed: 0, overridden: 0, peopleAffected: 101 }, undefined);
    expect(oversightBreaches(f, defaultDecisionTrail, 100)).toEqual([{ rule: 'volume_above_scale', limit: 100, actual: 101 }]);
    expect(oversightBreaches(f, { ...defaultDecisionTrail, volumeAboveScale: false }, 100)).toEqual([]);
  });
});
