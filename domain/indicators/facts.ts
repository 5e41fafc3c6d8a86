import { z } from 'zod';
import { ReviewPurpose } from '../lifecycle/events.ts';
import { Stage } from '../lifecycle/state.ts';
import { IncidentSeverity } from '../policy-pack.ts';

// Instants are epoch milliseconds here, not ISO text: facts rows are compared by time at fleet scale.
const Ms = z.number().int();

/** One committee round: when it opened, its deadline, who was expected and who acted, how it closed. */
export const RoundFacts = z.object({
  round: z.number().int(),
  purpose: ReviewPurpose,
  opensAt: Ms,
  deadline: Ms,
  closedAt: Ms.nullable(),
  /** approved, rejected, changes_requested, reinstated, suspended, superseded (a new round replaced it), retired. */
  outcome: z.string().nullable(),
  escalatedAt: Ms.nullable(),
  voters: z.array(z.string()),
  /** Each expected voter who voted or recused, with when. */
  acted: z.array(z.tuple([z.string(), Ms])),
  approvers: z.array(z.string()),
});
export type RoundFacts = z.infer<typeof RoundFacts>;

/** An approval (or a reinstatement): who approved, when, for which purpose and version. */
export const ApprovalFacts = z.object({
  at: Ms,
  round: z.number().int(),
  purpose: ReviewPurpose,
  version: z.string().nullable(),
  approvers: z.array(z.string()),
});
export type ApprovalFacts = z.infer<typeof ApprovalFacts>;

/** A condition of an approval; `dueAt` null when it is due before deployment rather than by a date. */
export const ConditionFacts = z.object({
  id: z.string(),
  description: z.string(),
  approvedAt: Ms,
  dueAt: Ms.nullable(),
  satisfiedAt: Ms.nullable(),
  /** A later approval (of a modification) replaced the conditions while this one was unmet. */
  supersededAt: Ms.nullable(),
});
export type ConditionFacts = z.infer<typeof ConditionFacts>;

/** A reported incident and its regulator deadline. */
export const IncidentFacts = z.object({
  id: z.string(),
  severity: IncidentSeverity,
  reportedAt: Ms,
  causalLinkAt: Ms,
  reportDueAt: Ms,
  suspends: z.boolean(),
});
export type IncidentFacts = z.infer<typeof IncidentFacts>;

/** A re-review that came due, the deadline of the round opened for it, and when it was decided. */
export const ReReviewFacts = z.object({
  cycle: z.number().int(),
  purpose: z.enum(['re_review', 'incident', 'reinstatement']),
  dueAt: Ms,
  round: z.number().int().nullable(),
  deadline: Ms.nullable(),
  decidedAt: Ms.nullable(),
  outcome: z.string().nullable(),
});
export type ReReviewFacts = z.infer<typeof ReReviewFacts>;

/** One transparency-report period: when it was due and when (if) it was filed. */
export const ReportFacts = z.object({
  period: z.number().int(),
  dueAt: Ms,
  submittedAt: Ms.nullable(),
  late: z.boolean().nullable(),
});
export type ReportFacts = z.infer<typeof ReportFacts>;

/** A suspension, open while `to` is null. */
export const SuspensionFacts = z.object({ reason: z.string(), ref: z.string().nullable(), from: Ms, to: Ms.nullable() });
export type SuspensionFacts = z.infer<typeof SuspensionFacts>;

/**
 * A decision-trail finding recorded in the lifecycle: a violation (`kind` = the violation's kind) or an oversight
 * crossing (`kind` = `oversight_threshold`, with the rules crossed and whether it made a re-review due).
 */
export const DecisionFindingFacts = z.object({ at: Ms, kind: z.string(), rules: z.array(z.string()), reReviewDue: z.boolean() });
export type DecisionFindingFacts = z.infer<typeof DecisionFindingFacts>;

/** The last event folded: the system's chain head, with the publisher's signature when the record is signed. */
export const HeadFacts = z.object({
  sequence: z.number().int(),
  hash: z.string(),
  sig: z.string().nullable(),
  sigkid: z.string().nullable(),
  time: Ms,
});
export type HeadFacts = z.infer<typeof HeadFacts>;

/**
 * What the indicators need of one system, folded from its events by `foldFacts`: small, bounded by the system's own
 * reviews, reports and incidents, and independent of every other system, so the fleet's indicators are a pass over
 * one row per system rather than over every event ever published.
 */
export const SystemFacts = z.object({
  systemId: z.string(),
  name: z.string().nullable(),
  owner: z.string().nullable(),
  sector: z.string().nullable(),
  tier: z.string().nullable(),
  pack: z.string().nullable(),
  policyVersion: z.string().nullable(),
  proposedAt: Ms.nullable(),
  /** When the lifecycle ended (rejected or retired). */
  endedAt: Ms.nullable(),
  /** Each stage the system entered, with when, oldest first. */
  stages: z.array(z.tuple([Stage, Ms])),
  /** The first decision on the proposal: approved by a committee, or rejected (by a committee or as prohibited). */
  decision: z.object({ outcome: z.enum(['approved', 'rejected']), reason: z.enum(['committee', 'prohibited_use']), at: Ms }).nullable(),
  rounds: z.array(RoundFacts),
  approvals: z.array(ApprovalFacts),
  conditions: z.array(ConditionFacts),
  incidents: z.array(IncidentFacts),
  reReviews: z.array(ReReviewFacts),
  nextReReviewAt: Ms.nullable(),
  transparency: z.array(ReportFacts),
  suspensions: z.array(SuspensionFacts),
  /** Absent from rows folded before the decision trail counted: read as none. */
  decisionFindings: z.array(DecisionFindingFacts).default([]),
  head: HeadFacts.nullable(),
});
export type SystemFacts = z.infer<typeof SystemFacts>;

/** The facts of a system before its first event. */
export function emptyFacts(systemId: string): SystemFacts {
  return {
    systemId, name: null, owner: null, sector: null, tier: null, pack: null, policyVersion: null, proposedAt: null,
    endedAt: null, stages: [], decision: null, rounds: [], approvals: [], conditions: [], incidents: [], reReviews: [],
    nextReReviewAt: null, transparency: [], suspensions: [], decisionFindings: [], head: null,
  };
}
