import { z } from 'zod';
import { RiskAssessment } from '../assess-risk.ts';
import { Fraction } from '../approval-share.ts';
import { IsoInstant } from '../instant.ts';
import { ApprovalCondition, IsoDate } from '../approval-condition.ts';
import { RuleChange } from '../policy-impact.ts';
import { Tier } from '../tier.ts';
import { ConditionOverdueAction, IncidentSeverity } from '../policy-pack.ts';
import { CommitteeRole } from '../roster.ts';
import { Proposal, UserId } from '../proposal.ts';
import { DecisionViolationKind, EdgeKey, OversightBreach, OversightFigures, Period, ProposalChanges, ProposalFields, ReportedTrainingDataSummary, Vote } from './commands.ts';

const Iso = IsoInstant;
const Round = z.number().int().min(1);

/** Why a committee round was opened: it decides what approve, reject and request_changes lead to. */
export const ReviewPurpose = z.enum(['initial', 'modification', 're_review', 'incident', 'reinstatement']);
export type ReviewPurpose = z.infer<typeof ReviewPurpose>;

/** The count of a round's votes when it closed (see quorum.ts for the rule). */
export const Tally = z.strictObject({
  approvals: z.number().int().min(0),
  rejections: z.number().int().min(0),
  changeRequests: z.number().int().min(0),
  eligible: z.number().int().min(0),
  recused: z.number().int().min(0),
});
export type Tally = z.infer<typeof Tally>;

/** A condition of an approval with its due instant (null when due before deployment). */
export const ApprovedCondition = z.strictObject({
  id: z.string(),
  description: z.string(),
  dueBefore: z.string(),
  dueAt: Iso.nullable(),
  /** A recurring duty's period (absent for one-off conditions and in approvals recorded before duties recurred). */
  recurs: z.string().optional(),
});
export type ApprovedCondition = z.infer<typeof ApprovedCondition>;

const RosterMember = z.strictObject({ id: UserId, roles: z.array(CommitteeRole) });

const event = <T extends string, D extends z.ZodType>(type: T, data: D, when: string) =>
  z.strictObject({ type: z.literal(type), data }).describe(when);

/** Every domain event, one zod schema each; `data` is what goes into the CloudEvent's `data`. */
export const domainEventList = [
  event('system.proposed', z.strictObject({
    proposal: Proposal, policyPack: z.string(),
    /** Every pack that applies when the system runs under several regimes (the first is policyPack). */
    policyPacks: z.array(z.string()).min(2).max(10).optional(),
    proposedBy: UserId, proposedAt: Iso.optional(),
  }),
    'A proposal was submitted and its lifecycle workflow started.'),
  event('risk.assessed', z.strictObject({ purpose: ReviewPurpose, assessment: RiskAssessment }),
    'The proposal was assessed against the policy pack (before every review round).'),
  event('review.staffing_failed', z.strictObject({ purpose: ReviewPurpose, committee: z.string(), reason: z.string(), votingMembers: z.number().int().min(0), required: z.number().int().min(0) }),
    'The review could not be staffed (the committee is missing from the roster or too small for the tier); it waits for an administrator to retry after the roster is fixed.'),
  event('review.staffing_retried', z.strictObject({ purpose: ReviewPurpose, requestedBy: UserId, note: z.string().nullable() }),
    'An administrator asked for the committee to be drawn again; the proposal is re-assessed against the current roster.'),
  event('review.opened', z.strictObject({
    round: Round, purpose: ReviewPurpose, committee: z.string(), members: z.array(RosterMember),
    expectedVoters: z.array(UserId), minVotes: z.number().int(), approvalShare: z.number(),
    /** The exact share the pack wrote (absent in rounds opened before shares were exact: those compare approvalShare). */
    approvalFraction: Fraction.optional(),
    minDistinctApprovers: z.number().int(), opensAt: Iso, deadline: Iso, reminderTimes: z.array(Iso), urgent: z.boolean(),
  }), 'A committee review round opened, with its expected voters and deadline.'),
  event('review.vote_cast', z.strictObject({ round: Round, voter: UserId, vote: Vote, rationale: z.string() }),
    'A committee member voted, with a rationale.'),
  event('review.recusal_recorded', z.strictObject({ round: Round, member: UserId, conflict: z.string() }),
    'A committee member recused from the round, declaring the conflict.'),
  event('review.reminder_sent', z.strictObject({ round: Round, index: z.number().int().min(0), recipients: z.array(UserId), deadline: Iso }),
    'A reminder time before the review deadline passed; the members who have not voted are reminded.'),
  event('review.escalated', z.strictObject({ round: Round, to: z.array(UserId), missingVoters: z.array(UserId), deadline: Iso }),
    'The review deadline passed without a decision; the round is escalated to the chair (it is not decided).'),
  event('review.changes_requested', z.strictObject({ round: Round, purpose: ReviewPurpose, tally: Tally, rationales: z.array(z.strictObject({ voter: UserId, rationale: z.string() })) }),
    'The committee asked for changes; the proposer may amend the proposal.'),
  event('system.amended', z.strictObject({ changes: ProposalChanges, proposal: Proposal, amendedBy: UserId }),
    'The proposal was amended after changes were requested (or while suspended); it is assessed again.'),
  event('system.approved', z.strictObject({ round: Round, purpose: ReviewPurpose, tally: Tally, conditions: z.array(ApprovedCondition), version: z.string().nullable(), nextReReviewAt: Iso }),
    'The committee approved the system (or a modification, or its continued operation at a re-review).'),
  event('system.rejected', z.strictObject({ scope: z.enum(['system', 'modification']), reason: z.enum(['prohibited_use', 'committee']), round: Round.nullable(), tally: Tally.nullable(), prohibitedUses: z.array(z.string()) }),
    'The system (terminal) or a requested modification (the running version stays) was rejected.'),
  event('condition.satisfied', z.strictObject({
    conditionId: z.string(), evidence: z.string(), satisfiedBy: UserId,
    /** For a recurring duty: when it falls due again (the condition stays open with that due date). */
    nextDueAt: Iso.optional(),
  }), 'Evidence was recorded that a condition of approval is met (a recurring duty falls due again at nextDueAt).'),
  event('condition.due_soon', z.strictObject({ conditionId: z.string(), dueAt: Iso, notified: z.array(UserId) }),
    "A dated condition of approval, still unmet, falls due soon (the pack's lead time before its due instant): its owner and proposer are told."),
  event('condition.overdue', z.strictObject({ conditionId: z.string(), dueAt: Iso, action: ConditionOverdueAction, notified: z.array(UserId) }),
    "A dated condition of approval passed its due date unmet; the pack's action follows (remind the owner, escalate to the chair, or suspend)."),
  event('system.deployed', z.strictObject({
    environment: z.string(), version: z.string(), deployer: UserId, firstTransparencyDueAt: Iso.nullable(),
    /** Unmet conditions the regulation applies only from a later date, each with that date: listed, not waited for. */
    upcomingConditions: z.array(z.strictObject({ conditionId: z.string(), appliesFrom: IsoDate })).max(50).optional(),
  }), 'An approved version was deployed to an environment (the first deployment starts the transparency-report schedule); conditions not yet in force are listed with their dates.'),
  event('review.re_review_due', z.strictObject({ purpose: z.enum(['re_review', 'incident', 'reinstatement']), cycle: z.number().int().min(0), dueAt: Iso, ref: z.string().nullable() }),
    'A re-review is due (the interval elapsed, a serious incident, or a suspended system asks back); it is re-assessed and a round opens.'),
  event('report.transparency_due', z.strictObject({ period: z.number().int().min(1), dueAt: Iso }),
    'A transparency report is due by dueAt (notice sent one grace period ahead).'),
  event('report.transparency_submitted', z.strictObject({ period: z.number().int().min(1), trainingDataSummary: ReportedTrainingDataSummary, changes: z.string(), submittedBy: UserId, late: z.boolean(), nextDueAt: Iso }),
    'A transparency report with the training-data summary and what changed was filed.'),
  event('report.transparency_overdue', z.strictObject({ period: z.number().int().min(1), dueAt: Iso, suspendAt: Iso, escalatedTo: z.array(UserId) }),
    'A transparency report passed its due date unfiled; escalated to the chair, suspension follows after the grace period.'),
  event('incident.reported', z.strictObject({ incidentId: z.string(), severity: IncidentSeverity, description: z.string(), affectedPeople: z.number().int().min(0), causalLinkAt: Iso, reportedBy: UserId, reportDueAt: Iso, suspends: z.boolean() }),
    'An incident was reported; a regulator report is due by reportDueAt.'),
  event('incident.report_due', z.strictObject({ incidentId: z.string(), severity: IncidentSeverity, dueAt: Iso }),
    "An incident's regulator reporting deadline arrived."),
  event('system.suspended', z.strictObject({ reason: z.enum(['serious_incident', 'transparency_overdue', 're_review', 'prohibited_use', 'condition_overdue']), ref: z.string().nullable() }),
    'The system was suspended; only an approving re-review reinstates it.'),
  event('system.reinstated', z.strictObject({ round: Round, tally: Tally, nextReReviewAt: Iso }),
    'An approving re-review lifted a suspension.'),
  event('system.modification_requested', z.strictObject({ version: z.string(), description: z.string(), changes: ProposalFields, proposal: Proposal, requestedBy: UserId }),
    'A substantial modification was requested; it is assessed and reviewed while the running version stays.'),
  event('system.retired', z.strictObject({ by: z.enum(['owner', 'chair', 'committee']), actor: UserId.nullable(), reason: z.string() }),
    'The system was retired; the lifecycle ends.'),
  event('lifecycle.command_keys_rotated', z.strictObject({
    keys: z.array(EdgeKey.pick({ kid: true, x: true })), rotatedBy: UserId, reason: z.string(),
  }), 'An administrator replaced the edge keys whose signed commands the lifecycle accepts (signed by a key of the set before).'),
  event('decision.violation_detected', z.strictObject({
    kind: DecisionViolationKind, decisionId: z.string(), modelVersion: z.string(), decidedAt: Iso, period: Period,
    peopleAffected: z.number().int().min(0), declaredScale: z.number().int().min(0),
    stage: z.string(), approvedVersion: z.string().nullable(), runningVersion: z.string().nullable(), detectedBy: UserId,
  }), 'A logged decision broke the approval: made by a version that is not the approved and deployed one, while the system was suspended, or beyond the declared scale.'),
  event('decision.oversight_threshold_crossed', z.strictObject({
    period: Period, figures: OversightFigures, breaches: z.array(OversightBreach), reReviewDue: z.boolean(), detectedBy: UserId,
  }), "A system's decision figures for a period crossed the pack's oversight thresholds (override rate, volume above the declared scale); a re-review follows unless one is underway."),
  event('policy.version_applied', z.strictObject({
    pack: z.string(), fromVersion: z.string().nullable(), toVersion: z.string(),
    /** The packs the system is assessed under from now on, the applied one as `<name>@<version>`. */
    policyPacks: z.array(z.string()).min(1).max(10),
    tierFrom: Tier.nullable(), tierTo: Tier, committeeFrom: z.string().nullable(), committeeTo: z.string().nullable(),
    addedObligations: z.array(ApprovalCondition), removedObligations: z.array(ApprovalCondition), unmetObligations: z.array(z.string()),
    rulesFired: z.array(RuleChange), rulesStopped: z.array(RuleChange),
    /** Whether the system went back to its committee (a re-review follows as its own event). */
    reReview: z.boolean(),
    assessment: RiskAssessment, appliedBy: UserId,
  }), "An administrator applied another version of one of the system's packs and it changed the system's tier, committee or obligations; a re-review follows when the tier rose or a new obligation is unmet. Systems the version does not change get no event."),
  event('derogation.accepted', z.strictObject({
    ground: z.string(), source: z.string(), acceptedBy: UserId, reason: z.string(),
    tierFrom: Tier.nullable(), tierTo: Tier,
    /** Conditions of the standing approval the lower tier no longer asks (the high tier's duties, the decision itself). */
    removedConditions: z.array(z.string()).max(100),
    assessment: RiskAssessment,
  }), "A committee member accepted the proposer's derogation claim (EU AI Act Art. 6(3)) with reasons: the system is re-assessed as not high-risk, at the tier its pack gives an accepted claim, and the duties of high risk leave its approval."),
] as const;

/** A domain event: `{ type, data }` with the short type name. */
export const DomainEvent = z.discriminatedUnion('type', domainEventList);
export type DomainEvent = z.infer<typeof DomainEvent>;
/** The short name of a domain event (`system.proposed`, ...). */
export type DomainEventType = DomainEvent['type'];
/** The event of one type. */
export type EventOf<T extends DomainEventType> = Extract<DomainEvent, { type: T }>;

/** Every event type -> its `data` schema, for the contract generators and consumers. */
export const domainEventSchemas = Object.fromEntries(
  domainEventList.map((s) => [s.shape.type.value, s.shape.data]),
) as unknown as { [E in DomainEvent as E['type']]: z.ZodType<E['data']> };

/** Every event type -> the one sentence saying when it is emitted. */
export const domainEventDescriptions = Object.fromEntries(
  domainEventList.map((s) => [s.shape.type.value, s.description ?? '']),
) as Record<DomainEventType, string>;

/** All short event type names, in catalogue order. */
export const domainEventTypes = domainEventList.map((s) => s.shape.type.value) as DomainEventType[];
