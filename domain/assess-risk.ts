import { z } from 'zod';
import { IsoDate } from './approval-condition.ts';
import { evaluate } from './conditions.ts';
import { Duties, Pillar, Tier, TierPolicy, maxTier } from './policy-pack.ts';
import type { ApprovalCondition, PolicyPack, ReviewTier } from './policy-pack.ts';
import type { Proposal } from './proposal.ts';
import { FiredFlag, ScreeningAnswerView, screenProposal } from './screen-proposal.ts';
import type { ScreeningOutcome } from './screen-proposal.ts';
import { checkTrainingDataSummary } from './training-data-completeness.ts';
import { DerogationView, assessDerogation } from './derogation.ts';

/** A rule that fired, with the reason a person can read. */
export const FiredRule = z.strictObject({ ruleId: z.string(), pillar: Pillar, score: z.number(), reason: z.string() });
export type FiredRule = z.infer<typeof FiredRule>;

/** A prohibited use the proposal matched. */
export const ProhibitedMatch = z.strictObject({ id: z.string(), reason: z.string() });
export type ProhibitedMatch = z.infer<typeof ProhibitedMatch>;

/** The explainable outcome of assessing a proposal against a pack. */
export const RiskAssessment = z.strictObject({
  policyVersion: z.string(),
  tier: Tier,
  totalScore: z.number(),
  pillarScores: z.record(Pillar, z.number()),
  firedRules: z.array(FiredRule),
  /** Why the tier is what it is, one sentence each (thresholds, sector, rule floors, prohibitions). */
  tierReasons: z.array(z.string()),
  prohibitedMatches: z.array(ProhibitedMatch),
  highImpactSector: z.boolean(),
  /** The tier's policy with conditional obligations resolved; null when the use is prohibited. */
  obligations: TierPolicy.nullable(),
  /** The pack's separation of duties (absent in assessments made before packs carried it). */
  duties: Duties.optional(),
  /** The proposer's screening answers and the flags raised over the free text (absent before packs screened). */
  screening: z.strictObject({ answers: z.array(ScreeningAnswerView), flags: z.array(FiredFlag) }).optional(),
  /** The date the assessment assessed for: the day duties are judged in force or not (absent in older assessments). */
  assessedFor: IsoDate.optional(),
  /** The proposer's derogation claim as read (Art. 6(3)): it lowers the tier only once accepted (absent without a claim). */
  derogation: DerogationView.optional(),
  /** Under several regimes: each pack's own tier (the strictest decided); absent under one pack. */
  regimes: z.array(z.strictObject({ policyVersion: z.string(), tier: Tier, totalScore: z.number() })).max(10).optional(),
});
export type RiskAssessment = z.infer<typeof RiskAssessment>;

function scoreTier(total: number, pack: PolicyPack): ReviewTier {
  if (total >= pack.thresholds.high) return 'high';
  if (total >= pack.thresholds.limited) return 'limited';
  return 'minimal';
}

function resolveObligations(
  tier: ReviewTier,
  proposal: Proposal,
  pack: PolicyPack,
  screened: ScreeningOutcome,
  more: readonly ApprovalCondition[],
): TierPolicy {
  const base = pack.tiers[tier];
  const extra = [
    ...pack.extraConditions.filter((x) => evaluate(x.when, proposal)).map((x) => x.condition),
    ...screened.conditions,
    ...more,
  ];
  const known = new Set(base.conditions.map((c) => c.id));
  const atTier = (c: ApprovalCondition) => !c.onlyAtTiers || c.onlyAtTiers.includes(tier);
  const conditions = [...base.conditions, ...extra.filter((c) => !known.has(c.id) && known.add(c.id))].filter(atTier);
  const tr = pack.transparencyReport;
  const transparencyReport =
    tr && evaluate(tr.when, proposal) ? { cadence: tr.cadence, grace: tr.grace } : base.transparencyReport;
  return { ...base, conditions, ...(transparencyReport ? { transparencyReport } : {}) };
}

/** What an assessment is made for: the date it judges duties in force on (`YYYY-MM-DD`, passed in: the domain has no clock). */
export interface AssessOptions {
  readonly assessedFor?: string;
  /** The committee accepted the proposal's derogation claim (a `derogation.accepted` event of its lifecycle). */
  readonly derogationAccepted?: boolean;
}

/** The conditions of an assessment that do not apply yet on the date it assessed for, with that date. Pure. */
export function dutiesNotYetInForce(a: Pick<RiskAssessment, 'obligations' | 'assessedFor'>): ApprovalCondition[] {
  const on = a.assessedFor;
  if (!on) return [];
  return (a.obligations?.conditions ?? []).filter((c) => c.appliesFrom !== undefined && c.appliesFrom > on);
}

/**
 * The duties of an assessment that the regulation does not apply yet on `date` (`YYYY-MM-DD`), with the date each
 * applies from: they are listed as upcoming and do not hold up what happens before that date (a deployment). Pure.
 */
export function dutiesUpcomingOn(a: Pick<RiskAssessment, 'obligations'> | null, date: string): { conditionId: string; appliesFrom: string }[] {
  return (a?.obligations?.conditions ?? []).flatMap((c) =>
    c.appliesFrom !== undefined && c.appliesFrom > date ? [{ conditionId: c.id, appliesFrom: c.appliesFrom }] : [],
  );
}

/** The pack's scored rules (and its training-data summary check) over a proposal: scores, fired rules, rule floors. */
function scoreRules(proposal: Proposal, pack: PolicyPack) {
  const pillarScores = Object.fromEntries(Pillar.options.map((p) => [p, 0])) as Record<Pillar, number>;
  const firedRules: FiredRule[] = [];
  const tierReasons: string[] = [];
  let floor: ReviewTier = 'minimal';
  for (const rule of pack.rules) {
    if (!evaluate(rule.when, proposal)) continue;
    pillarScores[rule.pillar] += rule.score;
    firedRules.push({ ruleId: rule.id, pillar: rule.pillar, score: rule.score, reason: rule.reason });
    if (rule.minTier) {
      floor = maxTier(floor, rule.minTier);
      tierReasons.push(`rule ${rule.id} requires at least ${rule.minTier}: ${rule.reason}`);
    }
  }
  const incomplete = checkTrainingDataSummary(pack.trainingDataCompleteness, proposal);
  if (incomplete) {
    pillarScores[incomplete.rule.pillar] += incomplete.rule.score;
    firedRules.push(incomplete.rule);
  }
  return { pillarScores, firedRules, tierReasons, floor, incomplete };
}

/** Assesses a parsed proposal against a pack: pure and deterministic; missing evidence only ever raises risk. */
export function assessRisk(proposal: Proposal, pack: PolicyPack, opts: AssessOptions = {}): RiskAssessment {
  const { pillarScores, firedRules, tierReasons, floor, incomplete } = scoreRules(proposal, pack);
  const totalScore = Object.values(pillarScores).reduce((a, b) => a + b, 0);
  const byScore = scoreTier(totalScore, pack);
  tierReasons.unshift(
    `total score ${totalScore} gives ${byScore} (limited from ${pack.thresholds.limited}, high from ${pack.thresholds.high})`,
  );
  let tier: ReviewTier = maxTier(byScore, floor);
  const highImpactSector = pack.highImpactSectors.sectors.includes(proposal.sector);
  if (highImpactSector) {
    tier = maxTier(tier, pack.highImpactSectors.minTier);
    tierReasons.push(
      `sector ${proposal.sector} requires at least ${pack.highImpactSectors.minTier}: ${pack.highImpactSectors.reason}`,
    );
  }
  const screened = screenProposal(proposal, pack);
  tier = maxTier(tier, screened.floor);
  tierReasons.push(...screened.tierReasons);
  const prohibitedMatches = [
    ...pack.prohibitedUses.filter((u) => evaluate(u.when, proposal)).map((u) => ({ id: u.id, reason: u.reason })),
    ...screened.prohibited,
  ];
  for (const m of prohibitedMatches) tierReasons.push(`prohibited use ${m.id}: ${m.reason}`);
  const prohibited = prohibitedMatches.length > 0;
  const derogation = prohibited ? null : assessDerogation(proposal, pack.derogation, tier, opts.derogationAccepted ?? false);
  if (derogation) tierReasons.push(derogation.view.explanation);
  // An accepted claim: the system is not high-risk, and the pack says at which tier it is reviewed instead.
  if (derogation?.tier) tier = derogation.tier;
  const more = [...(incomplete ? [incomplete.condition] : []), ...(derogation?.conditions ?? [])];
  return {
    policyVersion: pack.policyVersion,
    tier: prohibited ? 'prohibited' : tier,
    totalScore,
    pillarScores,
    firedRules,
    tierReasons,
    prohibitedMatches,
    highImpactSector,
    obligations: prohibited ? null : resolveObligations(tier, proposal, pack, screened, more),
    duties: pack.duties,
    ...(opts.assessedFor ? { assessedFor: opts.assessedFor } : {}),
    ...(derogation ? { derogation: derogation.view } : {}),
    ...(pack.screening ? { screening: { answers: screened.answers, flags: screened.flags } } : {}),
  };
}
