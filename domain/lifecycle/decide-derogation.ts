import type { RiskAssessment } from '../assess-risk.ts';
import { ErrorCode } from '../errors.ts';
import type { UpdateInput } from './commands.ts';
import type { DomainEvent } from './events.ts';
import { actorOf, refuse, requireLive, requireMay } from './guards.ts';
import type { LifecycleState } from './state.ts';

type Accept = UpdateInput<'acceptDerogation'>;

/** The workflow's own step after an acceptDerogation update: the system re-assessed with the claim accepted. */
export type RecordDerogationAcceptance = Accept & { readonly assessment: RiskAssessment };

/**
 * Checks that the claim can be accepted now: by a voting member of the committee who neither proposed nor owns the
 * system, on a live system whose assessment holds a claim that is still `claimed` (not unavailable: a system that
 * profiles people is always high-risk), accepted once, with no review open or waiting. Throws a DomainError.
 */
export function checkDerogationAcceptance(s: LifecycleState, c: Accept): void {
  requireMay(s, actorOf(c), 'acceptDerogation');
  requireLive(s, 'accept a derogation claim');
  if (s.derogationAccepted) refuse(ErrorCode.conflict, `the derogation claim was already accepted by ${s.derogationAccepted.by}`);
  const claim = s.assessment?.derogation;
  if (!claim) return refuse(ErrorCode.conflict, `system ${s.systemId} has no derogation claim to accept`);
  if (claim.status !== 'claimed') refuse(ErrorCode.conflict, `the derogation claim cannot be accepted: ${claim.explanation}`);
  if (s.review || s.pendingAssessment || s.staffing)
    refuse(ErrorCode.wrongStage, `system ${s.systemId} has a review open or waiting: accept the claim once it has closed`);
}

/**
 * What accepting the claim records: `derogation.accepted` with who and why, the tier before and after, and the
 * conditions of the standing approval the new assessment no longer asks. Refused when the pack does not let an
 * accepted claim lower the tier, or when the facts no longer allow it (the assessment then says why).
 */
export function recordDerogationAcceptance(s: LifecycleState, c: RecordDerogationAcceptance): DomainEvent[] {
  checkDerogationAcceptance(s, c);
  const after = c.assessment.derogation;
  if (after?.status !== 'accepted') {
    refuse(ErrorCode.conflict, `the derogation claim cannot lower the tier: ${after?.explanation ?? 'the assessment holds no claim'}`);
  }
  const asked = new Set((c.assessment.obligations?.conditions ?? []).map((x) => x.id));
  const removedConditions = s.conditions.filter((x) => !asked.has(x.id)).map((x) => x.id);
  return [{
    type: 'derogation.accepted',
    data: {
      ground: after.ground, source: after.source, acceptedBy: c.actor, reason: c.reason,
      tierFrom: s.tier, tierTo: c.assessment.tier, removedConditions, assessment: c.assessment,
    },
  }];
}
