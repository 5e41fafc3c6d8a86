import type { DomainEvent } from '../lifecycle/events.ts';
import type { LifecycleState } from '../lifecycle/state.ts';
import type { RoundFacts, SystemFacts } from './facts.ts';
import { packNameOf } from '../pack-ref.ts';
import { closeRound, closeSuspension, decideReReview, upsertReport } from './fold-helpers.ts';

/** One sealed event as the facts need it: the domain event and its place in the chain. */
export interface FactEvent {
  readonly event: DomainEvent;
  /** The envelope's `time` (ISO 8601). */
  readonly time: string;
  readonly sequence: number;
  readonly hash: string;
  readonly sig?: string | undefined;
  readonly sigkid?: string | undefined;
}

type F = SystemFacts;

const ms = (iso: string): number => Date.parse(iso);

/**
 * Folds one event into a system's facts. `after` is the system's state once the event is applied (by `evolve`):
 * stage, tier, pack and the proposal's fields come from it, so the facts never disagree with the registry.
 * Pure and clock-free: every instant comes from the events.
 */
export function foldFacts(facts: F, e: FactEvent, after: LifecycleState): F {
  const at = ms(e.time);
  const f = applyEvent(facts, e.event, at);
  const last = f.stages.at(-1);
  const stages = last?.[0] === after.stage ? f.stages : [...f.stages, [after.stage, at] as [typeof after.stage, number]];
  const ended = after.stage === 'rejected' || after.stage === 'retired';
  return {
    ...f,
    name: after.proposal?.name ?? f.name,
    owner: after.proposal?.owner ?? f.owner,
    sector: after.proposal?.sector ?? f.sector,
    tier: after.tier ?? f.tier,
    // By name: a system on an applied version (`name@version`) still counts under its pack; the version is beside it.
    pack: after.policyPack === null ? f.pack : packNameOf(after.policyPack),
    policyVersion: after.policyVersion ?? f.policyVersion,
    stages,
    endedAt: ended ? (f.endedAt ?? at) : null,
    suspensions: ended ? closeSuspension(f.suspensions, at) : f.suspensions,
    head: { sequence: e.sequence, hash: e.hash, sig: e.sig ?? null, sigkid: e.sigkid ?? null, time: at },
  };
}

function applyEvent(f: F, e: DomainEvent, at: number): F {
  switch (e.type) {
    case 'system.proposed':
      return { ...f, proposedAt: e.data.proposedAt ? ms(e.data.proposedAt) : at };
    case 'review.opened': {
      const d = e.data;
      const round: RoundFacts = {
        round: d.round, purpose: d.purpose, opensAt: ms(d.opensAt), deadline: ms(d.deadline), closedAt: null, outcome: null,
        escalatedAt: null, voters: d.expectedVoters, acted: [], approvers: [],
      };
      const reReviews = f.reReviews.map((r) =>
        r.decidedAt === null && r.round === null && d.purpose !== 'initial' && d.purpose !== 'modification'
          ? { ...r, round: d.round, deadline: round.deadline }
          : r,
      );
      return { ...f, rounds: [...closeRound(f.rounds, at, 'superseded'), round], reReviews };
    }
    case 'review.vote_cast':
      return withRound(f, e.data.round, (r) => ({
        ...r,
        acted: [...r.acted, [e.data.voter, at]],
        approvers: e.data.vote === 'approve' ? [...r.approvers, e.data.voter] : r.approvers,
      }));
    case 'review.recusal_recorded':
      return withRound(f, e.data.round, (r) => ({ ...r, acted: [...r.acted, [e.data.member, at]] }));
    case 'review.escalated':
      return withRound(f, e.data.round, (r) => ({ ...r, escalatedAt: r.escalatedAt ?? at }));
    case 'review.changes_requested':
      return decided(f, e.data.round, at, 'changes_requested');
    case 'system.approved':
      return approved(f, e, at);
    case 'system.rejected': {
      const reason = e.data.reason;
      const closed = e.data.round === null ? f : decided(f, e.data.round, at, 'rejected');
      const first = e.data.scope === 'system' && f.decision === null;
      return first ? { ...closed, decision: { outcome: 'rejected', reason, at } } : closed;
    }
    case 'system.reinstated': {
      const withApproval = { ...f, approvals: [...f.approvals, approvalOf(f, e.data.round, 'reinstatement', null, at)] };
      const done = decided(withApproval, e.data.round, at, 'reinstated');
      return { ...done, suspensions: closeSuspension(done.suspensions, at), nextReReviewAt: ms(e.data.nextReReviewAt) };
    }
    case 'condition.satisfied':
      return {
        ...f,
        conditions: f.conditions.map((c) =>
          c.id === e.data.conditionId && c.supersededAt === null && c.satisfiedAt === null ? { ...c, satisfiedAt: at } : c,
        ),
      };
    case 'incident.reported': {
      const d = e.data;
      const incident = { id: d.incidentId, severity: d.severity, reportedAt: at, causalLinkAt: ms(d.causalLinkAt), reportDueAt: ms(d.reportDueAt), suspends: d.suspends };
      return { ...f, incidents: [...f.incidents, incident] };
    }
    case 'review.re_review_due': {
      const d = e.data;
      const entry = { cycle: d.cycle, purpose: d.purpose, dueAt: ms(d.dueAt), round: null, deadline: null, decidedAt: null, outcome: null };
      // A new re-review (an incident's) replaces the one in progress, as the workflow drops its round.
      const replaced = decideReReview(f.reReviews, at, 'superseded');
      return { ...f, rounds: closeRound(f.rounds, at, 'superseded'), reReviews: [...replaced, entry], nextReReviewAt: null };
    }
    case 'system.deployed':
      return e.data.firstTransparencyDueAt && f.transparency.length === 0
        ? { ...f, transparency: [{ period: 1, dueAt: ms(e.data.firstTransparencyDueAt), submittedAt: null, late: null }] }
        : f;
    case 'report.transparency_due':
      return { ...f, transparency: upsertReport(f.transparency, e.data.period, ms(e.data.dueAt)) };
    case 'report.transparency_submitted': {
      const d = e.data;
      const filed = f.transparency.map((r) => (r.period === d.period ? { ...r, submittedAt: at, late: d.late } : r));
      const known = filed.some((r) => r.period === d.period) ? filed : [...filed, { period: d.period, dueAt: at, submittedAt: at, late: d.late }];
      return { ...f, transparency: upsertReport(known, d.period + 1, ms(d.nextDueAt)) };
    }
    case 'system.suspended': {
      const open = f.suspensions.some((s) => s.to === null);
      const suspensions = open ? f.suspensions : [...f.suspensions, { reason: e.data.reason, ref: e.data.ref, from: at, to: null }];
      const failed = e.data.reason === 're_review' ? decided(f, openRound(f)?.round ?? -1, at, 'suspended') : f;
      return { ...failed, suspensions };
    }
    case 'decision.violation_detected':
      return { ...f, decisionFindings: [...(f.decisionFindings ?? []), { at, kind: e.data.kind, rules: [], reReviewDue: false }] };
    case 'decision.oversight_threshold_crossed': {
      const finding = { at, kind: 'oversight_threshold', rules: e.data.breaches.map((b) => b.rule), reReviewDue: e.data.reReviewDue };
      return { ...f, decisionFindings: [...(f.decisionFindings ?? []), finding] };
    }
    case 'system.retired':
      return { ...f, rounds: closeRound(f.rounds, at, 'retired'), reReviews: decideReReview(f.reReviews, at, 'retired') };
    default:
      return f;
  }
}

const openRound = (f: F): RoundFacts | undefined => f.rounds.find((r) => r.closedAt === null);

function withRound(f: F, round: number, change: (r: RoundFacts) => RoundFacts): F {
  return { ...f, rounds: f.rounds.map((r) => (r.round === round && r.closedAt === null ? change(r) : r)) };
}

/** Closes the round and, when it was a re-review's, decides the re-review. */
function decided(f: F, round: number, at: number, outcome: string): F {
  const rounds = f.rounds.map((r) => (r.round === round && r.closedAt === null ? { ...r, closedAt: at, outcome } : r));
  const reReviews = f.reReviews.map((r) => (r.round === round && r.decidedAt === null ? { ...r, decidedAt: at, outcome } : r));
  return { ...f, rounds, reReviews };
}

function approvalOf(f: F, round: number, purpose: RoundFacts['purpose'], version: string | null, at: number) {
  const approvers = f.rounds.find((r) => r.round === round)?.approvers ?? [];
  return { at, round, purpose, version, approvers };
}

function approved(f: F, e: Extract<DomainEvent, { type: 'system.approved' }>, at: number): F {
  const d = e.data;
  const base = decided({ ...f, approvals: [...f.approvals, approvalOf(f, d.round, d.purpose, d.version, at)] }, d.round, at, 'approved');
  const next = { ...base, nextReReviewAt: ms(d.nextReReviewAt) };
  if (d.purpose !== 'initial' && d.purpose !== 'modification') return next;
  const superseded = next.conditions.map((c) => (c.satisfiedAt === null && c.supersededAt === null ? { ...c, supersededAt: at } : c));
  const fresh = d.conditions.map((c) => ({
    id: c.id, description: c.description, approvedAt: at, dueAt: c.dueAt ? ms(c.dueAt) : null, satisfiedAt: null, supersededAt: null,
  }));
  const first = d.purpose === 'initial' && f.decision === null;
  return {
    ...next,
    conditions: [...superseded, ...fresh],
    ...(first ? { decision: { outcome: 'approved' as const, reason: 'committee' as const, at } } : {}),
  };
}
