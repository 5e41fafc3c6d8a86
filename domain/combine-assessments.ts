import type { RiskAssessment } from './assess-risk.ts';
import type { ApprovalCondition } from './approval-condition.ts';
import { compareDurations } from './durations.ts';
import { IncidentSeverity } from './policy-pack.ts';
import type { TierPolicy } from './policy-pack.ts';
import { tierRank } from './tier.ts';

const shorter = (a: string, b: string): string => (compareDurations(a, b) <= 0 ? a : b);
const packOf = (policyVersion: string): string => policyVersion.split('@')[0]!;

/** Every regime's conditions, each once (the first regime to name an id keeps it), each saying which pack it is from. */
function mergedConditions(all: readonly RiskAssessment[]): ApprovalCondition[] {
  const seen = new Set<string>();
  return all.flatMap((a) =>
    (a.obligations?.conditions ?? [])
      .filter((c) => !seen.has(c.id) && seen.add(c.id))
      .map((c) => ({ ...c, pack: c.pack ?? packOf(a.policyVersion) })),
  );
}

/** The deciding regime's committee and quorum, with the strictest timing of all: shortest intervals and deadlines. */
function mergedObligations(base: TierPolicy, all: readonly RiskAssessment[]): TierPolicy {
  const others = all.flatMap((a) => (a.obligations ? [a.obligations] : []));
  const deadlines = { ...base.incidentDeadlines };
  for (const o of others)
    for (const k of IncidentSeverity.options) {
      const theirs = o.incidentDeadlines[k];
      const ours = deadlines[k];
      if (theirs !== undefined) deadlines[k] = ours === undefined ? theirs : shorter(ours, theirs);
    }
  const reports = others.flatMap((o) => (o.transparencyReport ? [o.transparencyReport] : []));
  const transparencyReport = reports.reduce<TierPolicy['transparencyReport']>(
    (acc, r) => (!acc || compareDurations(r.cadence, acc.cadence) < 0 ? r : acc),
    undefined,
  );
  return {
    ...base,
    reReviewInterval: others.map((o) => o.reReviewInterval).reduce(shorter, base.reReviewInterval),
    conditions: mergedConditions(all),
    incidentDeadlines: deadlines,
    suspendOn: [...new Set(others.flatMap((o) => o.suspendOn))],
    ...(transparencyReport ? { transparencyReport } : {}),
  };
}

/** Every regime's answers (each question once) and every flag that fired, whichever pack raised it. */
function mergedScreening(all: readonly RiskAssessment[]): Pick<RiskAssessment, 'screening'> {
  const screened = all.flatMap((a) => (a.screening ? [a.screening] : []));
  if (screened.length === 0) return {};
  const seen = new Set<string>();
  const answers = screened.flatMap((s) => s.answers).filter((x) => !seen.has(x.questionId) && seen.add(x.questionId));
  return { screening: { answers, flags: screened.flatMap((s) => s.flags) } };
}

/**
 * One assessment for a system under several regimes: the strictest tier decides (the first pack on a tie), its
 * committee reviews, and every regime's duties are kept, each naming its pack. Pure.
 */
export function combineAssessments(all: readonly RiskAssessment[]): RiskAssessment {
  const deciding = all.reduce((best, a) => (tierRank(a.tier) > tierRank(best.tier) ? a : best), all[0]!);
  if (all.length === 1) return deciding;
  const names = all.map((a) => `${packOf(a.policyVersion)} ${a.tier}`).join(', ');
  const tierReasons = [
    `assessed under ${all.length} regimes (${names}): the strictest, ${packOf(deciding.policyVersion)}, decides`,
    ...all.flatMap((a) => a.tierReasons.map((r) => `${packOf(a.policyVersion)}: ${r}`)),
  ];
  const prohibitedMatches = all.flatMap((a) =>
    a.prohibitedMatches.map((m) => ({ ...m, id: `${packOf(a.policyVersion)}:${m.id}` })),
  );
  return {
    ...deciding,
    tierReasons,
    prohibitedMatches,
    obligations: deciding.obligations ? mergedObligations(deciding.obligations, all) : null,
    ...mergedScreening(all),
    regimes: all.map((a) => ({ policyVersion: a.policyVersion, tier: a.tier, totalScore: a.totalScore })),
  };
}
