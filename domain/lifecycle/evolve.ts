import type { DomainEvent, EventOf } from './events.ts';
import { operatingStage } from './state.ts';
import type { LifecycleState } from './state.ts';

type S = LifecycleState;

/**
 * Applies one event to the state: pure, total, and the only way a lifecycle's state changes. Consumers fold the
 * same events with it to rebuild the state. `hash` is the sealed event's hash, when the caller has it.
 */
export function evolve(state: S, event: DomainEvent, hash?: string): S {
  const next = apply(state, event);
  return { ...next, sequence: state.sequence + 1, lastHash: hash ?? state.lastHash };
}

function apply(s: S, e: DomainEvent): S {
  switch (e.type) {
    case 'system.proposed':
      return {
        ...s, stage: 'assessing', proposal: e.data.proposal, policyPack: e.data.policyPack, pendingAssessment: 'initial',
        proposedAt: e.data.proposedAt ?? null, ...(e.data.policyPacks ? { policyPacks: e.data.policyPacks } : {}),
      };
    case 'risk.assessed': {
      const a = e.data.assessment;
      return { ...s, assessment: a, tier: a.tier, policyVersion: a.policyVersion, pendingAssessment: null };
    }
    case 'review.staffing_failed':
      return { ...s, staffing: { purpose: e.data.purpose, committee: e.data.committee, reason: e.data.reason } };
    case 'review.staffing_retried':
      return { ...s, staffing: null, pendingAssessment: e.data.purpose };
    case 'review.opened': {
      const { members, ...round } = e.data;
      return {
        ...s, stage: 'in_review', staffing: null, rounds: round.round, committee: members,
        review: { ...round, members, votes: [], recusals: [], remindersSent: 0, escalated: false },
      };
    }
    case 'review.vote_cast':
      return withReview(s, (r) => ({ ...r, votes: [...r.votes, { voter: e.data.voter, vote: e.data.vote, rationale: e.data.rationale }] }));
    case 'review.recusal_recorded':
      return withReview(s, (r) => ({ ...r, recusals: [...r.recusals, { member: e.data.member, conflict: e.data.conflict }] }));
    case 'review.reminder_sent':
      return withReview(s, (r) => ({ ...r, remindersSent: Math.max(r.remindersSent, e.data.index + 1) }));
    case 'review.escalated':
      return withReview(s, (r) => ({ ...r, escalated: true }));
    case 'review.changes_requested': {
      const stays = e.data.purpose === 'initial' || e.data.purpose === 'modification';
      const closed = { ...s, review: null };
      return { ...closed, stage: stays ? 'changes_requested' : operatingStage(closed) };
    }
    case 'system.amended':
      return s.pendingModification
        ? { ...s, stage: 'assessing', pendingModification: { ...s.pendingModification, proposal: e.data.proposal }, pendingAssessment: 'modification' }
        : { ...s, stage: 'assessing', proposal: e.data.proposal, pendingAssessment: s.suspension ? 'reinstatement' : 'initial' };
    case 'system.approved':
      return approved(s, e);
    case 'system.rejected': {
      if (e.data.scope === 'system') return { ...s, stage: 'rejected', review: null, pendingAssessment: null };
      const closed = { ...s, review: null, pendingModification: null };
      return { ...closed, stage: operatingStage(closed) };
    }
    case 'condition.satisfied':
      return {
        ...s,
        conditions: s.conditions.map((c) =>
          c.id !== e.data.conditionId
            ? c
            : e.data.nextDueAt
              ? { ...c, status: 'open', dueAt: e.data.nextDueAt, evidence: e.data.evidence, satisfiedBy: e.data.satisfiedBy, dueSoonSent: false }
              : { ...c, status: 'satisfied', evidence: e.data.evidence, satisfiedBy: e.data.satisfiedBy },
        ),
      };
    case 'condition.due_soon':
      return { ...s, conditions: s.conditions.map((c) => (c.id === e.data.conditionId ? { ...c, dueSoonSent: true } : c)) };
    case 'condition.overdue':
      return { ...s, conditions: s.conditions.map((c) => (c.id === e.data.conditionId && c.status === 'open' ? { ...c, status: 'overdue' } : c)) };
    case 'system.deployed': {
      const d = { environment: e.data.environment, version: e.data.version, deployer: e.data.deployer };
      const at = e.data.firstTransparencyDueAt;
      const transparency = s.transparency ?? (at ? { period: 1, dueAt: at, status: 'scheduled' as const, suspendAt: null } : null);
      return { ...s, stage: 'deployed', deployments: [...s.deployments, d], running: d, transparency };
    }
    case 'review.re_review_due':
      return {
        ...s, review: null, pendingAssessment: e.data.purpose, nextReReviewAt: null, reReviewCycle: e.data.cycle,
        pendingModification: e.data.purpose === 'incident' ? null : s.pendingModification,
      };
    case 'report.transparency_due':
      return withTransparency(s, (t) => ({ ...t, status: 'due' }));
    case 'report.transparency_overdue':
      return withTransparency(s, (t) => ({ ...t, status: 'overdue', suspendAt: e.data.suspendAt }));
    case 'report.transparency_submitted': {
      const report = { period: e.data.period, submittedBy: e.data.submittedBy, late: e.data.late, changes: e.data.changes };
      const transparency = { period: e.data.period + 1, dueAt: e.data.nextDueAt, status: 'scheduled' as const, suspendAt: null };
      return { ...s, reports: [...s.reports, report], transparency };
    }
    case 'incident.reported': {
      const { incidentId, severity, description, affectedPeople, causalLinkAt, reportedBy, reportDueAt, suspends } = e.data;
      const incident = { incidentId, severity, description, affectedPeople, causalLinkAt, reportedBy, reportDueAt, suspends, dueAnnounced: false };
      return { ...s, incidents: [...s.incidents, incident] };
    }
    case 'incident.report_due':
      return { ...s, incidents: s.incidents.map((i) => (i.incidentId === e.data.incidentId ? { ...i, dueAnnounced: true } : i)) };
    case 'system.suspended': {
      const lapsed = e.data.reason === 'transparency_overdue' && s.transparency ? { ...s.transparency, status: 'lapsed' as const } : s.transparency;
      return { ...s, stage: 'suspended', suspension: { reason: e.data.reason, ref: e.data.ref }, transparency: lapsed };
    }
    case 'system.reinstated': {
      const lifted = { ...s, review: null, suspension: null, nextReReviewAt: e.data.nextReReviewAt };
      return { ...lifted, stage: operatingStage(lifted) };
    }
    case 'system.modification_requested': {
      const { version, description, proposal } = e.data;
      return { ...s, stage: 'assessing', pendingModification: { version, description, proposal }, pendingAssessment: 'modification' };
    }
    case 'system.retired':
      return { ...s, stage: 'retired', review: null, pendingAssessment: null };
    case 'policy.version_applied': {
      const a = e.data.assessment;
      const [policyPack] = e.data.policyPacks;
      const packs = s.policyPacks ? { policyPacks: e.data.policyPacks } : {};
      return { ...s, policyPack: policyPack ?? s.policyPack, ...packs, assessment: a, tier: a.tier, policyVersion: a.policyVersion };
    }
    case 'derogation.accepted': {
      const a = e.data.assessment;
      const removed = new Set(e.data.removedConditions);
      return {
        ...s, assessment: a, tier: a.tier, policyVersion: a.policyVersion,
        derogationAccepted: { by: e.data.acceptedBy, reason: e.data.reason },
        conditions: s.conditions.filter((c) => !removed.has(c.id)),
      };
    }
    case 'lifecycle.command_keys_rotated':
    // The keys are the workflow's trust in its edge, kept beside the state (see workflows/command-trust.ts).
    // Findings on the record: the re-review an oversight breach makes due is its own event, folded above.
    case 'decision.violation_detected':
    case 'decision.oversight_threshold_crossed':
      return s;
  }
}

function approved(s: S, e: EventOf<'system.approved'>): S {
  const { purpose, conditions, version, nextReReviewAt } = e.data;
  const base = { ...s, review: null, approvals: s.approvals + 1, nextReReviewAt };
  if (purpose !== 'initial' && purpose !== 'modification') return { ...base, stage: operatingStage(base) };
  const fresh = conditions.map((c) => ({ ...c, status: 'open' as const, evidence: null, satisfiedBy: null }));
  const proposal = purpose === 'modification' ? (s.pendingModification?.proposal ?? s.proposal) : s.proposal;
  return { ...base, stage: 'approved', conditions: fresh, approvedVersion: version, proposal, pendingModification: null };
}

function withReview(s: S, f: (r: NonNullable<S['review']>) => NonNullable<S['review']>): S {
  return s.review ? { ...s, review: f(s.review) } : s;
}

function withTransparency(s: S, f: (t: NonNullable<S['transparency']>) => NonNullable<S['transparency']>): S {
  return s.transparency ? { ...s, transparency: f(s.transparency) } : s;
}
