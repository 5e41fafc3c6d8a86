import { z } from 'zod';
import { Condition } from './conditions.ts';
import { IsoDuration } from './durations.ts';
import { Sector } from './proposal.ts';
import { ApprovalCondition, PackItemId, Reason, Source } from './approval-condition.ts';
import { ReviewTier } from './tier.ts';
import { Screening } from './screening.ts';
import { Pillar } from './pillar.ts';
import { TrainingDataCompleteness } from './training-data-completeness.ts';
import { DerogationPolicy } from './derogation.ts';
import { ApprovalShare } from './approval-share.ts';

// Named re-exports: these schemas moved to their own files so the screening schema can use them without a cycle.
export { ApprovalCondition } from './approval-condition.ts';
export { Tier, ReviewTier, tierRank, maxTier } from './tier.ts';
export { Pillar } from './pillar.ts';


/**
 * Incident severities. EU AI Act Art. 73: 15 days for a serious incident (73(2)), 2 days for a widespread infringement
 * (73(3)) or a serious and irreversible disruption of critical infrastructure (73(3), Art. 3(49)(b)), 10 days after a
 * death (73(4)).
 */
export const IncidentSeverity = z.enum(['minor', 'serious', 'death', 'widespread', 'critical_infrastructure']);
export type IncidentSeverity = z.infer<typeof IncidentSeverity>;

const id = PackItemId;
const reason = Reason;

/** What follows when a dated condition of approval passes its due date unmet. */
export const ConditionOverdueAction = z.enum(['remind', 'escalate', 'suspend']);
export type ConditionOverdueAction = z.infer<typeof ConditionOverdueAction>;

/**
 * The mix of expertise a committee must have among its voting members (e.g. China's ethics review measures: peers
 * with the technical background, experts in ethics or law, and members from outside the organisation).
 */
export const CommitteeMix = z.strictObject({
  technical: z.number().int().min(0).max(50),
  ethicsOrLaw: z.number().int().min(0).max(50),
  external: z.number().int().min(0).max(50),
  source: Source,
});
export type CommitteeMix = z.infer<typeof CommitteeMix>;

/** What a tier obliges: committee, quorum, deadlines, conditions, reports and incident deadlines. */
export const TierPolicy = z.strictObject({
  committee: id,
  /** Smallest committee the regulation accepts (checked against the roster when the pack is loaded). */
  minCommitteeMembers: z.number().int().min(1).max(200),
  /** The expertise the voting members must cover, checked when the committee is staffed (absent: any mix). */
  committeeMix: CommitteeMix.optional(),
  quorum: z.strictObject({
    minVotes: z.number().int().min(1).max(200),
    /** A fraction such as "2/3", compared exactly (a decimal is read only in assessments recorded before). */
    approvalShare: ApprovalShare,
  }),
  minDistinctApprovers: z.number().int().min(1).max(200),
  reviewDeadline: IsoDuration,
  /** Reminders, each a duration before the review deadline. */
  reminders: z.array(IsoDuration).max(10),
  reReviewInterval: IsoDuration,
  conditions: z.array(ApprovalCondition).max(50),
  transparencyReport: z.strictObject({ cadence: IsoDuration, grace: IsoDuration }).optional(),
  incidentDeadlines: z.strictObject({
    minor: IsoDuration,
    serious: IsoDuration,
    death: IsoDuration,
    widespread: IsoDuration,
    /** Absent in assessments recorded before the severity existed: such incidents then take `widespread`'s deadline. */
    critical_infrastructure: IsoDuration.optional(),
  }),
  /** Incident severities that suspend the system and open an urgent re-review. */
  suspendOn: z.array(IncidentSeverity).max(4),
  /** What a dated condition past its due date leads to; `escalate` (to the chair) when the pack says nothing. */
  onConditionOverdue: ConditionOverdueAction.optional(),
  /**
   * How long before a dated condition falls due its owner and proposer are told it is coming due
   * (`condition.due_soon`); seven days when the pack says nothing.
   */
  conditionDueSoon: IsoDuration.optional(),
});
export type TierPolicy = z.infer<typeof TierPolicy>;

/** A scored rule over proposal fields, explained by its reason. */
export const PillarRule = z.strictObject({
  id,
  pillar: Pillar,
  when: Condition,
  score: z.number().int().min(0).max(100),
  reason,
  /** The rule raises the tier to at least this one when it fires. */
  minTier: ReviewTier.optional(),
  source: Source.optional(),
});
export type PillarRule = z.infer<typeof PillarRule>;

/** A use no review can approve. */
export const ProhibitedUse = z.strictObject({ id, when: Condition, reason, source: Source.optional() });
export type ProhibitedUse = z.infer<typeof ProhibitedUse>;

/** A condition of approval that applies only to proposals matching `when`. */
export const ConditionalObligation = z.strictObject({ when: Condition, condition: ApprovalCondition });
export type ConditionalObligation = z.infer<typeof ConditionalObligation>;

/** How a pack separates duties and keeps votes independent; strict when a pack says nothing. */
export const Duties = z.strictObject({
  /** May the person who proposed the system also record its deployment? */
  proposerMayDeploy: z.boolean().default(false),
  /** Does the owner's own evidence satisfy a condition, or must a committee member accept it? */
  ownerEvidenceSatisfiesCondition: z.boolean().default(false),
  /** While a round is open, members see that others voted, not how or why. */
  blindVoting: z.boolean().default(true),
});
export type Duties = z.infer<typeof Duties>;

/**
 * How the pack treats deployed systems' decision logs: how long they are kept, and the oversight thresholds over a
 * month's decisions that make a re-review due.
 */
export const DecisionTrailPolicy = z.strictObject({
  /** How long logged decisions are kept, whole months (e.g. `P6M`: EU AI Act Art. 19 asks for at least six). */
  retention: z.string().regex(/^P[1-9][0-9]{0,2}M$/, 'must be whole months, such as P6M'),
  /** Share of a month's decisions a person overrode above which a re-review is due (0.15 = 15%). */
  overrideRateMax: z.number().gt(0).max(1),
  /** Fewest decisions in a month before the override rate is judged (a handful says nothing). */
  minDecisions: z.number().int().min(1).max(1_000_000),
  /** Whether people affected in a month beyond the declared monthly users make a re-review due. */
  volumeAboveScale: z.boolean(),
});
export type DecisionTrailPolicy = z.infer<typeof DecisionTrailPolicy>;

/** What a pack that says nothing about decision logs gets: six months, 15% overrides over at least 20 decisions. */
export const defaultDecisionTrail: DecisionTrailPolicy = { retention: 'P6M', overrideRateMax: 0.15, minDecisions: 20, volumeAboveScale: true };

/** The pack as written in its file (YAML or JSON). */
export const PolicyPackFile = z.strictObject({
  name: id,
  version: z.string().regex(/^\d+\.\d+\.\d+$/, 'must be a semantic version such as 1.0.0'),
  title: reason,
  roster: id,
  rules: z.array(PillarRule).min(1).max(500),
  highImpactSectors: z.strictObject({ sectors: z.array(Sector).max(6), minTier: ReviewTier, reason, source: Source.optional() }),
  prohibitedUses: z.array(ProhibitedUse).max(100),
  /** Total score (sum of pillar scores) at which each tier starts. */
  thresholds: z.strictObject({ limited: z.number().int().min(1), high: z.number().int().min(1) }),
  tiers: z.strictObject({ minimal: TierPolicy, limited: TierPolicy, high: TierPolicy }),
  /** Reports required of matching systems (e.g. large-scale generative), whatever their tier. */
  transparencyReport: z
    .strictObject({ when: Condition, cadence: IsoDuration, grace: IsoDuration, reason, source: Source.optional() })
    .optional(),
  extraConditions: z.array(ConditionalObligation).max(50).default([]),
  /** A derogation proposers may claim (EU AI Act Art. 6(3)); never applied by the assessment, decided by the committee. */
  derogation: DerogationPolicy.optional(),
  /** The longest incident-report deadlines the regulation allows per severity; a tier asking for longer is refused. */
  incidentReportingLimits: z
    .strictObject({
      serious: IsoDuration.optional(),
      death: IsoDuration.optional(),
      widespread: IsoDuration.optional(),
      critical_infrastructure: IsoDuration.optional(),
      source: Source,
    })
    .optional(),
  /** The published training-data summary checked part by part (sources, web domains, data types, cut-off, opt-outs). */
  trainingDataCompleteness: TrainingDataCompleteness.optional(),
  /** Questions every proposal must answer yes or no, and flags over its free text; a pack without them asks none. */
  screening: Screening.optional(),
  duties: Duties.default({ proposerMayDeploy: false, ownerEvidenceSatisfiesCondition: false, blindVoting: true }),
  decisionTrail: DecisionTrailPolicy.optional(),
  /** A testing pack (second-scale deadlines, small committees): loaded only in development and test. */
  testing: z.boolean().default(false),
});
export type PolicyPackFile = z.infer<typeof PolicyPackFile>;

/** A validated pack with its identity: `policyVersion` is `<name>@<version>+<first 12 hex of sha256>`. */
export const PolicyPack = PolicyPackFile.extend({
  contentHash: z.string().regex(/^[0-9a-f]{64}$/, 'must be a sha256 hex digest'),
  policyVersion: z.string().max(120),
});
export type PolicyPack = z.infer<typeof PolicyPack>;
