import { addDuration, subtractDuration } from '../durations.ts';
import type { RiskAssessment } from '../assess-risk.ts';
import { shareFraction, shareValue } from '../approval-share.ts';
import { staffCommittee } from '../roster.ts';
import type { Roster } from '../roster.ts';
import type { DomainEvent, ReviewPurpose } from './events.ts';
import { evolve } from './evolve.ts';
import { tallyRound } from './quorum.ts';
import type { RoundResult } from './quorum.ts';
import type { LifecycleState } from './state.ts';

const iso = (ms: number): string => new Date(ms).toISOString();

/**
 * The events that record an assessment and either open a round, end it at once (prohibited use), or say that the
 * roster cannot staff the tier's committee (the system then waits for an administrator's retryStaffing). A voting
 * member who proposed or owns the system never votes on it; with `recordConflicts` the round records that as a
 * recusal, so the conflict is on the record, and the quorum (a number of votes) must still come from the rest.
 */
export function assessedEvents(s: LifecycleState, assessment: RiskAssessment, roster: Roster, now: number, recordConflicts: boolean): DomainEvent[] {
  const purpose = s.pendingAssessment;
  if (!purpose) return [];
  const assessed: DomainEvent = { type: 'risk.assessed', data: { purpose, assessment } };
  const obligations = assessment.obligations;
  if (assessment.tier === 'prohibited' || !obligations) return [assessed, ...prohibited(s, purpose, assessment)];
  const { committee, shortfall } = staffCommittee(roster, obligations);
  if (!committee) return [assessed, { type: 'review.staffing_failed', data: { purpose, ...shortfall } }];
  const p = s.proposal;
  const members = committee.members.map((m) => ({ id: m.id, roles: [...m.roles] }));
  const voting = members.filter((m) => m.roles.includes('member') || m.roles.includes('chair'));
  const conflicted = (id: string): boolean => id === p?.proposer || id === p?.owner;
  const expectedVoters = voting.filter((m) => !conflicted(m.id)).map((m) => m.id);
  const round = s.rounds + 1;
  const approvalFraction = shareFraction(obligations.quorum.approvalShare);
  const conflicts: DomainEvent[] = recordConflicts
    ? voting.filter((m) => conflicted(m.id)).map((m) => ({
        type: 'review.recusal_recorded',
        data: { round, member: m.id, conflict: `${m.id} ${m.id === p?.owner ? 'owns' : 'proposed'} the system under review` },
      }))
    : [];
  const deadline = addDuration(now, obligations.reviewDeadline);
  const reminderTimes = obligations.reminders
    .map((d) => subtractDuration(deadline, d))
    .filter((t) => t > now)
    .sort((a, b) => a - b)
    .map(iso);
  return [
    assessed,
    {
      type: 'review.opened',
      data: {
        round, purpose, committee: committee.id, members, expectedVoters,
        minVotes: obligations.quorum.minVotes, approvalShare: shareValue(obligations.quorum.approvalShare),
        ...(approvalFraction ? { approvalFraction } : {}),
        minDistinctApprovers: obligations.minDistinctApprovers, opensAt: iso(now), deadline: iso(deadline), reminderTimes,
        urgent: purpose === 'incident',
      },
    },
    ...conflicts,
  ];
}

function prohibited(s: LifecycleState, purpose: ReviewPurpose, a: RiskAssessment): DomainEvent[] {
  const prohibitedUses = a.prohibitedMatches.map((m) => m.id);
  if (purpose === 'initial') return [{ type: 'system.rejected', data: { scope: 'system', reason: 'prohibited_use', round: null, tally: null, prohibitedUses } }];
  if (purpose === 'modification') return [{ type: 'system.rejected', data: { scope: 'modification', reason: 'prohibited_use', round: null, tally: null, prohibitedUses } }];
  // A running system found prohibited under the current pack stops; only people can retire it.
  return s.suspension ? [] : [{ type: 'system.suspended', data: { reason: 'prohibited_use', ref: prohibitedUses.join(',') || null } }];
}

/** After a vote or a recusal: the events that close the round when the rule has decided it, else none. */
export function closingEvents(s: LifecycleState, now: number): DomainEvent[] {
  const round = s.review;
  if (!round) return [];
  const result = tallyRound(round, s.tier);
  if (result.outcome === 'pending') return [];
  return outcomeEvents(s, result, now);
}

function outcomeEvents(s: LifecycleState, { outcome, tally }: RoundResult, now: number): DomainEvent[] {
  const round = s.review!;
  const { purpose } = round;
  const obligations = s.assessment?.obligations;
  const nextReReviewAt = iso(addDuration(now, obligations?.reReviewInterval ?? 'P1Y'));
  const operating = purpose !== 'initial' && purpose !== 'modification';
  if (outcome === 'approve') {
    if (operating && s.suspension) return [{ type: 'system.reinstated', data: { round: round.round, tally, nextReReviewAt } }];
    const conditions = operating
      ? []
      : (obligations?.conditions ?? []).map((c) => ({
          id: c.id, description: c.description, dueBefore: c.dueBefore,
          dueAt: c.dueBefore === 'deployment' ? null : iso(addDuration(now, c.dueBefore)),
          ...(c.recurs && c.dueBefore !== 'deployment' ? { recurs: c.recurs } : {}),
        }));
    const version = purpose === 'modification' ? (s.pendingModification?.version ?? null) : operating ? s.approvedVersion : (s.proposal?.model.version ?? null);
    return [{ type: 'system.approved', data: { round: round.round, purpose, tally, conditions, version, nextReReviewAt } }];
  }
  if (outcome === 'reject') {
    if (operating) return [{ type: 'system.retired', data: { by: 'committee', actor: null, reason: `the committee rejected continued operation in round ${round.round}` } }];
    return [{ type: 'system.rejected', data: { scope: purpose === 'modification' ? 'modification' : 'system', reason: 'committee', round: round.round, tally, prohibitedUses: [] } }];
  }
  const rationales = round.votes.filter((v) => v.vote === 'request_changes').map((v) => ({ voter: v.voter, rationale: v.rationale }));
  const asked: DomainEvent = { type: 'review.changes_requested', data: { round: round.round, purpose, tally, rationales } };
  if (!operating || s.suspension) return [asked];
  return [asked, { type: 'system.suspended', data: { reason: 're_review', ref: `round-${round.round}` } }];
}

/** Folds events onto a state (decide uses it to look at the state after the events it has so far). */
export const foldAll = (s: LifecycleState, events: readonly DomainEvent[]): LifecycleState => events.reduce((acc, e) => evolve(acc, e), s);
