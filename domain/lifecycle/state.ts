import { z } from 'zod';
import { RiskAssessment } from '../assess-risk.ts';
import { Fraction } from '../approval-share.ts';
import { IsoInstant } from '../instant.ts';
import { IncidentSeverity, Tier } from '../policy-pack.ts';
import { CommitteeRole } from '../roster.ts';
import { Proposal, UserId } from '../proposal.ts';
import { Vote } from './commands.ts';
import { ApprovedCondition, ReviewPurpose } from './events.ts';

const Iso = IsoInstant;

/** Where a system is in its lifecycle (the GovStage search attribute). */
export const Stage = z.enum([
  'proposed', 'assessing', 'in_review', 'changes_requested', 'approved', 'deployed', 'suspended', 'rejected', 'retired',
]);
export type Stage = z.infer<typeof Stage>;

/** Stages after which nothing more can happen. */
export const terminalStages: readonly Stage[] = ['rejected', 'retired'];

/** A committee member as the round saw them. */
export const RoundMember = z.strictObject({ id: UserId, roles: z.array(CommitteeRole) });
export type RoundMember = z.infer<typeof RoundMember>;

/** An open committee round: who is expected, the rules, and what has happened in it. */
export const ReviewRound = z.strictObject({
  round: z.number().int().min(1),
  purpose: ReviewPurpose,
  committee: z.string(),
  members: z.array(RoundMember),
  expectedVoters: z.array(UserId),
  minVotes: z.number().int(),
  approvalShare: z.number(),
  approvalFraction: Fraction.optional(),
  minDistinctApprovers: z.number().int(),
  opensAt: Iso,
  deadline: Iso,
  reminderTimes: z.array(Iso),
  urgent: z.boolean(),
  votes: z.array(z.strictObject({ voter: UserId, vote: Vote, rationale: z.string() })),
  recusals: z.array(z.strictObject({ member: UserId, conflict: z.string() })),
  remindersSent: z.number().int().min(0),
  escalated: z.boolean(),
});
export type ReviewRound = z.infer<typeof ReviewRound>;

/** A condition of approval and whether it is met. */
export const ConditionState = ApprovedCondition.extend({
  /** `overdue`: a dated condition past its due date, still unmet (evidence may still be recorded). */
  status: z.enum(['open', 'satisfied', 'overdue']),
  evidence: z.string().nullable(),
  satisfiedBy: UserId.nullable(),
  /** Whether `condition.due_soon` was recorded for it (absent in states from before that event). */
  dueSoonSent: z.boolean().optional(),
});
export type ConditionState = z.infer<typeof ConditionState>;

/** One recorded deployment. */
export const Deployment = z.strictObject({ environment: z.string(), version: z.string(), deployer: UserId });
export type Deployment = z.infer<typeof Deployment>;

/** One reported incident and whether its regulator deadline has been announced. */
export const IncidentState = z.strictObject({
  incidentId: z.string(),
  severity: IncidentSeverity,
  description: z.string(),
  affectedPeople: z.number().int(),
  causalLinkAt: Iso,
  reportedBy: UserId,
  reportDueAt: Iso,
  suspends: z.boolean(),
  dueAnnounced: z.boolean(),
});
export type IncidentState = z.infer<typeof IncidentState>;

/** The transparency-report schedule: the period in progress and how far past due it is. */
export const TransparencySchedule = z.strictObject({
  period: z.number().int().min(1),
  dueAt: Iso,
  status: z.enum(['scheduled', 'due', 'overdue', 'lapsed']),
  suspendAt: Iso.nullable(),
});
export type TransparencySchedule = z.infer<typeof TransparencySchedule>;

/** The state of one AI system: always the fold of its events by `evolve`. */
export const LifecycleState = z.strictObject({
  systemId: z.string(),
  stage: Stage,
  policyPack: z.string().nullable(),
  /** Every pack the system is assessed under when it runs under several regimes (absent under one). */
  policyPacks: z.array(z.string()).max(10).optional(),
  policyVersion: z.string().nullable(),
  proposal: Proposal.nullable(),
  assessment: RiskAssessment.nullable(),
  tier: Tier.nullable(),
  /** When the system was proposed (null for lifecycles proposed before it was recorded); commands' times are bounded by it. */
  proposedAt: Iso.nullable(),
  /** A review purpose whose assessment is awaited (the workflow runs the assessment activity while set). */
  pendingAssessment: ReviewPurpose.nullable(),
  /** A review that could not be staffed: it waits for an administrator's retryStaffing once the roster is fixed. */
  staffing: z.strictObject({ purpose: ReviewPurpose, committee: z.string(), reason: z.string() }).nullable(),
  review: ReviewRound.nullable(),
  rounds: z.number().int().min(0),
  /** The members of the last committee that reviewed the system (chairs receive escalations). */
  committee: z.array(RoundMember),
  conditions: z.array(ConditionState),
  approvedVersion: z.string().nullable(),
  approvals: z.number().int().min(0),
  pendingModification: z.strictObject({ version: z.string(), description: z.string(), proposal: Proposal }).nullable(),
  deployments: z.array(Deployment),
  running: Deployment.nullable(),
  suspension: z.strictObject({ reason: z.string(), ref: z.string().nullable() }).nullable(),
  incidents: z.array(IncidentState),
  reports: z.array(z.strictObject({ period: z.number().int(), submittedBy: UserId, late: z.boolean(), changes: z.string() })),
  transparency: TransparencySchedule.nullable(),
  nextReReviewAt: Iso.nullable(),
  /** Who accepted the derogation claim and why (absent until accepted): every later assessment honours it. */
  derogationAccepted: z.strictObject({ by: UserId, reason: z.string() }).optional(),
  reReviewCycle: z.number().int().min(0),
  sequence: z.number().int().min(0),
  lastHash: z.string().nullable(),
});
export type LifecycleState = z.infer<typeof LifecycleState>;

/** The state before the first event. */
export function initialState(systemId: string): LifecycleState {
  return {
    systemId, stage: 'proposed', policyPack: null, policyVersion: null, proposal: null, assessment: null, tier: null,
    proposedAt: null, pendingAssessment: null, staffing: null, review: null, rounds: 0, committee: [], conditions: [], approvedVersion: null, approvals: 0,
    pendingModification: null, deployments: [], running: null, suspension: null, incidents: [], reports: [],
    transparency: null, nextReReviewAt: null, reReviewCycle: 0, sequence: 0, lastHash: null,
  };
}

/** True when the lifecycle has ended. */
export const isTerminal = (s: LifecycleState): boolean => terminalStages.includes(s.stage);

/** The stage an operating system returns to when a review leaves things as they were. */
export function operatingStage(s: LifecycleState): Stage {
  if (s.suspension) return 'suspended';
  if (s.running) return 'deployed';
  return s.approvals > 0 ? 'approved' : 'changes_requested';
}

/** The chairs of the last committee: they receive escalations. */
export const chairsOf = (s: LifecycleState): string[] =>
  s.committee.filter((m) => m.roles.includes('chair')).map((m) => m.id);
