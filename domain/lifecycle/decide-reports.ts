import { addDuration } from '../durations.ts';
import { ErrorCode } from '../errors.ts';
import { incidentDeadline, incidentSuspends } from '../incident-deadline.ts';
import type { UpdateInput } from './commands.ts';
import type { DomainEvent } from './events.ts';
import { actorOf, refuse, requireLive, requireMay } from './guards.ts';
import { requirePastInstant } from './instants.ts';
import type { LifecycleState } from './state.ts';

// What a running system reports: incidents and transparency reports (decide routes the commands here).

const iso = (t: number): string => new Date(t).toISOString();

/** An incident report: its regulator deadline, and for a severity the pack suspends on, suspension and an urgent re-review. */
export function incident(s: LifecycleState, c: UpdateInput<'reportIncident'>, now: number): DomainEvent[] {
  requireMay(s, actorOf(c), 'reportIncident');
  requireLive(s, 'report an incident');
  if (!s.running) refuse(ErrorCode.wrongStage, 'no version of the system is running');
  const obligations = s.assessment?.obligations;
  if (!obligations) return refuse(ErrorCode.wrongStage, 'the system has no obligations to report against');
  requirePastInstant(s, 'causalLinkAt', c.causalLinkAt, now);
  const incidentId = `incident-${s.incidents.length + 1}`;
  const reportDueAt = iso(addDuration(Date.parse(c.causalLinkAt), incidentDeadline(obligations, c.severity)));
  const suspends = incidentSuspends(obligations, c.severity);
  const reported: DomainEvent = {
    type: 'incident.reported',
    data: { incidentId, severity: c.severity, description: c.description, affectedPeople: c.affectedPeople, causalLinkAt: c.causalLinkAt, reportedBy: c.actor, reportDueAt, suspends },
  };
  if (!suspends) return [reported];
  const out: DomainEvent[] = [reported];
  if (!s.suspension) out.push({ type: 'system.suspended', data: { reason: 'serious_incident', ref: incidentId } });
  const urgentUnderway = s.review?.purpose === 'incident' || s.pendingAssessment === 'incident';
  if (!urgentUnderway) out.push({ type: 'review.re_review_due', data: { purpose: 'incident', cycle: s.reReviewCycle, dueAt: iso(now), ref: incidentId } });
  return out;
}

/** A transparency report for the period due; a system suspended for a missing one asks back for reinstatement. */
export function transparencyReport(s: LifecycleState, c: UpdateInput<'submitTransparencyReport'>, now: number): DomainEvent[] {
  requireMay(s, actorOf(c), 'submitTransparencyReport');
  requireLive(s, 'submit a transparency report');
  const t = s.transparency;
  const policy = s.assessment?.obligations?.transparencyReport;
  if (!t || !policy) return refuse(ErrorCode.wrongStage, 'no transparency report is required of this system (yet)');
  const dueAt = Date.parse(t.dueAt);
  const submitted: DomainEvent = {
    type: 'report.transparency_submitted',
    data: { period: t.period, trainingDataSummary: c.trainingDataSummary, changes: c.changes, submittedBy: c.actor, late: now > dueAt, nextDueAt: iso(addDuration(dueAt, policy.cadence)) },
  };
  const reinstatable = s.suspension?.reason === 'transparency_overdue' && !s.review && !s.pendingAssessment;
  if (!reinstatable) return [submitted];
  return [submitted, { type: 'review.re_review_due', data: { purpose: 'reinstatement', cycle: s.reReviewCycle, dueAt: iso(now), ref: `transparency-${t.period}` } }];
}
