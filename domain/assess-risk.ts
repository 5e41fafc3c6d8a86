import { z } from 'zod';
import { evaluate } from './conditions.ts';
import { Duties, Pillar, Tier, TierPolicy, maxTier } from './policy-pack.ts';
import type { PolicyPack, ReviewTier } from './policy-pack.ts';
import type { Proposal } from './proposal.ts';
import { FiredFlag, ScreeningAnswerView, screenProposal } from './screen-proposal.ts';
import type { ScreeningOutcome } from './screen-proposal.ts';

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
  /** Under several regimes: each pack's own tier (the strictest decided); absent under one pack. */
  regimes: z.array(z.strictObject({ policyVersion: z.string(), tier: Tier, totalScore: z.number() })).max(10).optional(),
});
export type RiskAssessment = z.infer<typeof RiskAssessment>;

function scoreTier(total: number, pack: PolicyPack): ReviewTier {
  if (total >= pack.thresholds.high) return 'high';
  if (total >= pack.thresholds.limited) return 'limited';
  return 'minimal';
}

function resolveObligations(tier: ReviewTier, proposal: Proposal, pack: PolicyPack, screened: ScreeningOutcome): TierPolicy {
  const base = pack.tiers[tier];
  const extra = [
    ...pack.extraConditions.filter((x) => evaluate(x.when, proposal)).map((x) => x.condition),
    ...screened.conditions,
  ];
  const known = new Set(base.conditions.map((c) => c.id));
  const conditions = [...base.conditions, ...extra.filter((c) => !known.has(c.id) && known.add(c.id))];
  const tr = pack.transparencyReport;
  const transparencyReport =
    tr && evaluate(tr.when, proposal) ? { cadence: tr.cadence, grace: tr.grace } : base.transparencyReport;
  return { ...base, conditions, ...(transparencyReport ? { transparencyReport } : {}) };
}

/** Assesses a parsed proposal against a pack: pure and deterministic; missing evidence only ever raises risk. */
export function assessRisk(proposal: Proposal, pack: PolicyPack): RiskAssessment {
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
  return {
    policyVersion: pack.policyVersion,
    tier: prohibited ? 'prohibited' : tier,
    totalScore,
    pillarScores,
    firedRules,
    tierReasons,
    prohibitedMatches,
    highImpactSector,
    obligations: prohibited ? null : resolveObligations(tier, proposal, pack, screened),
    duties: pack.duties,
    ...(pack.screening ? { screening: { answers: screened.answers, flags: screened.flags } } : {}),
  };
}
