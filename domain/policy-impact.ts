import { z } from 'zod';
import { ApprovalCondition } from './approval-condition.ts';
import type { RiskAssessment } from './assess-risk.ts';
import type { ConditionState } from './lifecycle/state.ts';
import { Tier, tierRank } from './tier.ts';

/** A rule (or prohibited use) that fires under one version and not under the other, with its reason. */
export const RuleChange = z.strictObject({ ruleId: z.string(), reason: z.string() });
export type RuleChange = z.infer<typeof RuleChange>;

/** What a pack version changes for one system: tier, committee, obligations, and the rules behind them. */
export const PolicyImpact = z.strictObject({
  tier: z.strictObject({ from: Tier.nullable(), to: Tier }),
  committee: z.strictObject({ from: z.string().nullable(), to: z.string().nullable() }),
  addedObligations: z.array(ApprovalCondition),
  removedObligations: z.array(ApprovalCondition),
  /** Added obligations the system has not met (no satisfied condition of that id): each opens a re-review. */
  unmetObligations: z.array(z.string()),
  rulesFired: z.array(RuleChange),
  rulesStopped: z.array(RuleChange),
  /** True when the tier, the committee or the obligations change; a system without a change gets no event. */
  changed: z.boolean(),
  /** True when the tier rose or an added obligation is unmet: the system goes back to its committee. */
  reReview: z.boolean(),
  /** One sentence per change, for people. */
  why: z.array(z.string()),
});
export type PolicyImpact = z.infer<typeof PolicyImpact>;

const firing = (a: RiskAssessment | null): Map<string, string> =>
  new Map([
    ...(a?.firedRules ?? []).map((r): [string, string] => [r.ruleId, r.reason]),
    ...(a?.prohibitedMatches ?? []).map((m): [string, string] => [m.id, m.reason]),
  ]);

const onlyIn = (a: Map<string, string>, b: Map<string, string>): RuleChange[] =>
  [...a].filter(([id]) => !b.has(id)).map(([ruleId, reason]) => ({ ruleId, reason }));

const conditionsOf = (a: RiskAssessment | null): ApprovalCondition[] => a?.obligations?.conditions ?? [];

/**
 * Compares a system's recorded assessment with its assessment under another pack version: pure, and the one
 * answer both `policy impact` (which lists it) and the lifecycle (which records it) give. `conditions` are the
 * system's conditions of approval, so an added obligation it already met does not send it back to review.
 */
export function policyImpact(
  current: RiskAssessment | null,
  next: RiskAssessment,
  conditions: readonly Pick<ConditionState, 'id' | 'status'>[],
): PolicyImpact {
  const before = conditionsOf(current);
  const after = conditionsOf(next);
  const addedObligations = after.filter((c) => !before.some((b) => b.id === c.id));
  const removedObligations = before.filter((c) => !after.some((a) => a.id === c.id));
  const met = new Set(conditions.filter((c) => c.status === 'satisfied').map((c) => c.id));
  const unmetObligations = addedObligations.filter((c) => !met.has(c.id)).map((c) => c.id);
  const tier = { from: current?.tier ?? null, to: next.tier };
  const committee = { from: current?.obligations?.committee ?? null, to: next.obligations?.committee ?? null };
  const rulesFired = onlyIn(firing(next), firing(current));
  const rulesStopped = onlyIn(firing(current), firing(next));
  const tierRose = tier.from === null || tierRank(tier.to) > tierRank(tier.from);
  const why = [
    ...(tier.from !== tier.to ? [`tier ${tier.from ?? 'none'} -> ${tier.to}`] : []),
    ...(committee.from !== committee.to ? [`committee ${committee.from ?? 'none'} -> ${committee.to ?? 'none'}`] : []),
    ...rulesFired.map((r) => `rule ${r.ruleId} now fires: ${r.reason}`),
    ...rulesStopped.map((r) => `rule ${r.ruleId} no longer fires: ${r.reason}`),
    ...addedObligations.map((c) => `new obligation ${c.id}${unmetObligations.includes(c.id) ? ' (not met)' : ' (already met)'}: ${c.description}`),
    ...removedObligations.map((c) => `obligation ${c.id} no longer applies`),
  ];
  const changed =
    tier.from !== tier.to || committee.from !== committee.to || addedObligations.length > 0 || removedObligations.length > 0;
  return {
    tier, committee, addedObligations, removedObligations, unmetObligations, rulesFired, rulesStopped, changed,
    reReview: changed && (tierRose || unmetObligations.length > 0), why,
  };
}
