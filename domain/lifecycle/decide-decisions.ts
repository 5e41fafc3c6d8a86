import type { UpdateInput } from './commands.ts';
import type { DomainEvent } from './events.ts';
import { actorOf, requireLive, requireMay } from './guards.ts';
import type { LifecycleState } from './state.ts';

const iso = (t: number): string => new Date(t).toISOString();

/**
 * Records what the decision checker found, with the lifecycle's own view beside it (its stage, approved and
 * running versions when the finding arrives), so a reader sees both the claim and the record it was judged by.
 */
export function decisionViolation(s: LifecycleState, c: UpdateInput<'recordDecisionViolation'>): DomainEvent[] {
  requireMay(s, actorOf(c), 'recordDecisionViolation');
  requireLive(s, 'record a decision violation');
  const { kind, decisionId, modelVersion, decidedAt, period, peopleAffected, declaredScale } = c;
  return [{
    type: 'decision.violation_detected',
    data: {
      kind, decisionId, modelVersion, decidedAt, period, peopleAffected, declaredScale,
      stage: s.stage, approvedVersion: s.approvedVersion, runningVersion: s.running?.version ?? null, detectedBy: c.actor,
    },
  }];
}

/**
 * Records oversight figures that crossed the pack's thresholds and makes a re-review due, unless a review is
 * already open or pending, or the system is suspended (its reinstatement review comes first).
 */
export function oversightReview(s: LifecycleState, c: UpdateInput<'recordOversightReview'>, now: number): DomainEvent[] {
  requireMay(s, actorOf(c), 'recordOversightReview');
  requireLive(s, 'report oversight figures');
  const operating = s.stage === 'deployed' || s.stage === 'approved';
  const reReviewDue = operating && !s.review && !s.pendingAssessment;
  const crossed: DomainEvent = {
    type: 'decision.oversight_threshold_crossed',
    data: { period: c.period, figures: c.figures, breaches: c.breaches, reReviewDue, detectedBy: c.actor },
  };
  if (!reReviewDue) return [crossed];
  const due: DomainEvent = {
    type: 'review.re_review_due',
    data: { purpose: 're_review', cycle: s.reReviewCycle + 1, dueAt: iso(now), ref: `oversight-${c.period}` },
  };
  return [crossed, due];
}
