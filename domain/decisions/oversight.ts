import type { OversightBreach, OversightFigures } from '../lifecycle/commands.ts';
import type { DecisionTrailPolicy } from '../policy-pack.ts';

/** A month's raw counts, as the decision store keeps them. */
export interface PeriodCounts {
  readonly decisions: number;
  readonly reviewed: number;
  readonly overridden: number;
  readonly peopleAffected: number;
}

const share = (part: number, whole: number): number => (whole === 0 ? 0 : Math.round((part / whole) * 10_000) / 10_000);

/** A change of less than one percentage point is steady: the trend says which way the override rate moves. */
const STEADY = 0.01;

/** The oversight signals of a month: volume, share reviewed by a person, override rate, and its trend. Pure. */
export function oversightFigures(now: PeriodCounts, before: PeriodCounts | undefined): OversightFigures {
  const overrideRate = share(now.overridden, now.decisions);
  const previousOverrideRate = before && before.decisions > 0 ? share(before.overridden, before.decisions) : null;
  const trend =
    previousOverrideRate === null
      ? 'first_period'
      : overrideRate - previousOverrideRate > STEADY
        ? 'rising'
        : previousOverrideRate - overrideRate > STEADY
          ? 'falling'
          : 'steady';
  return {
    decisions: now.decisions,
    reviewed: now.reviewed,
    overridden: now.overridden,
    reviewedShare: share(now.reviewed, now.decisions),
    overrideRate,
    previousOverrideRate,
    trend,
    peopleAffected: now.peopleAffected,
  };
}

/** The pack thresholds a month's figures cross; empty when none. Pure. */
export function oversightBreaches(f: OversightFigures, policy: DecisionTrailPolicy, declaredScale: number | null): OversightBreach[] {
  const breaches: OversightBreach[] = [];
  if (f.decisions >= policy.minDecisions && f.overrideRate > policy.overrideRateMax) {
    breaches.push({ rule: 'override_rate', limit: policy.overrideRateMax, actual: f.overrideRate });
  }
  if (policy.volumeAboveScale && declaredScale !== null && f.peopleAffected > declaredScale) {
    breaches.push({ rule: 'volume_above_scale', limit: declaredScale, actual: f.peopleAffected });
  }
  return breaches;
}
