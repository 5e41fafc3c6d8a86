import { compareDurations } from './durations.ts';
import type { FieldIssue } from './errors.ts';
import type { ApprovalCondition } from './approval-condition.ts';
import { IncidentSeverity } from './policy-pack.ts';
import type { PolicyPackFile } from './policy-pack.ts';
import { ReviewTier } from './tier.ts';

/**
 * Bounds every pack keeps, whatever regime it encodes, each with the clause it comes from. A pack asking for a longer
 * follow-up interval or a slower decision is refused when it is loaded, not discovered a year later.
 */
export const PACK_LIMITS = {
  reReviewInterval: {
    max: 'P12M',
    source: 'Measures for Science and Technology Ethics Review (Trial) 2023, follow-up review at most every 12 months',
  },
  reviewDeadline: {
    max: 'P30D',
    source: 'Measures for Science and Technology Ethics Review (Trial) 2023, a decision within 30 days of acceptance',
  },
} as const;

/** Every condition a pack can attach, with where it is written. */
function packConditions(pack: PolicyPackFile): [string, ApprovalCondition][] {
  return [
    ...ReviewTier.options.flatMap((t) => pack.tiers[t].conditions.map((c, i): [string, ApprovalCondition] => [`tiers.${t}.conditions[${i}]`, c])),
    ...pack.extraConditions.map((x, i): [string, ApprovalCondition] => [`extraConditions[${i}].condition`, x.condition]),
    ...(pack.screening?.questions ?? []).flatMap((q, qi) =>
      q.ifYes.conditions.map((c, i): [string, ApprovalCondition] => [`screening.questions[${qi}].ifYes.conditions[${i}]`, c]),
    ),
    ...(pack.derogation?.conditions ?? []).map((c, i): [string, ApprovalCondition] => [`derogation.conditions[${i}]`, c]),
    ...(pack.derogation?.accepted?.conditions ?? []).map((c, i): [string, ApprovalCondition] => [`derogation.accepted.conditions[${i}]`, c]),
  ];
}

/** Tiers whose incident deadlines are longer than the regulation allows (EU AI Act Art. 73: 15, 10 and 2 days). */
function checkIncidentLimits(pack: PolicyPackFile): FieldIssue[] {
  const limits = pack.incidentReportingLimits;
  if (!limits) return [];
  return ReviewTier.options.flatMap((tier) =>
    IncidentSeverity.options.flatMap((sev): FieldIssue[] => {
      const max = sev === 'minor' ? undefined : limits[sev];
      const deadline = pack.tiers[tier].incidentDeadlines[sev];
      if (!max) return [];
      const path = `tiers.${tier}.incidentDeadlines.${sev}`;
      if (deadline === undefined) return [{ path, message: `required: at most ${max} (${limits.source})` }];
      return compareDurations(deadline, max) > 0 ? [{ path, message: `at most ${max} (${limits.source})` }] : [];
    }),
  );
}

/** The issues of a pack whose tiers break the limits above, or write their approval share as a rounded decimal. */
export function checkPackLimits(pack: PolicyPackFile): FieldIssue[] {
  const issues: FieldIssue[] = [...checkIncidentLimits(pack)];
  for (const [path, c] of packConditions(pack))
    if (c.recurs && c.dueBefore === 'deployment')
      issues.push({ path: `${path}.recurs`, message: 'only a dated condition can recur (dueBefore is a duration)' });
  for (const tier of ReviewTier.options) {
    const t = pack.tiers[tier];
    const at = `tiers.${tier}`;
    if (compareDurations(t.reReviewInterval, PACK_LIMITS.reReviewInterval.max) > 0)
      issues.push({
        path: `${at}.reReviewInterval`,
        message: `a follow-up review at most every ${PACK_LIMITS.reReviewInterval.max} (${PACK_LIMITS.reReviewInterval.source})`,
      });
    if (compareDurations(t.reviewDeadline, PACK_LIMITS.reviewDeadline.max) > 0)
      issues.push({
        path: `${at}.reviewDeadline`,
        message: `the committee decides within ${PACK_LIMITS.reviewDeadline.max} (${PACK_LIMITS.reviewDeadline.source})`,
      });
    if (typeof t.quorum.approvalShare === 'number')
      issues.push({
        path: `${at}.quorum.approvalShare`,
        message: 'write the share as a fraction such as "2/3" (a decimal such as 0.67 is not two thirds)',
      });
  }
  return issues;
}
