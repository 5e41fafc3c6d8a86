import type { DecisionViolationKind } from '../lifecycle/commands.ts';
import type { LifecycleState } from '../lifecycle/state.ts';

/** The month (UTC) an instant falls in, `YYYY-MM`: the period decisions are counted over. */
export const periodOf = (iso: string): string => iso.slice(0, 7);

/** What the checker knows about one decision when it judges it. */
export interface DecisionFacts {
  readonly modelVersion: string;
  /** People affected in the decision's month so far, this decision included. */
  readonly peopleAffected: number;
}

/** One finding: what was broken, and the figures behind it. */
export interface Finding {
  readonly kind: DecisionViolationKind;
  readonly detail: string;
}

/**
 * Judges one decision against the system's governance state (the read side's fold of its lifecycle): the version
 * must be the approved one and the one deployed, the system must not be suspended, and the people affected in the
 * month must stay within the monthly users the proposal declared. Pure; empty when nothing is broken.
 */
export function checkDecision(s: LifecycleState, d: DecisionFacts): Finding[] {
  const findings: Finding[] = [];
  const running = s.running?.version ?? null;
  // A suspended system under its urgent review is `in_review`, still suspended: the suspension decides, not the stage.
  if (s.suspension !== null) {
    findings.push({ kind: 'system_suspended', detail: `decision while the system is suspended (${s.suspension?.reason ?? 'unknown'})` });
  } else if (running === null || d.modelVersion !== running || (s.approvedVersion !== null && d.modelVersion !== s.approvedVersion)) {
    findings.push({
      kind: 'unapproved_version',
      detail: `version ${d.modelVersion} is not the approved and deployed one (approved ${s.approvedVersion ?? 'none'}, deployed ${running ?? 'none'})`,
    });
  }
  const declared = declaredScaleOf(s);
  if (declared !== null && d.peopleAffected > declared) {
    findings.push({ kind: 'beyond_declared_scale', detail: `${d.peopleAffected} people affected this month, ${declared} declared` });
  }
  return findings;
}

/** The people affected per month the proposal declared (its monthly users), or null before a proposal. */
export const declaredScaleOf = (s: LifecycleState): number | null => s.proposal?.affected.monthlyUsers ?? null;

/** True when decisions of this system cannot be sealed in its lifecycle any more (rejected or retired). */
export const lifecycleClosed = (s: LifecycleState): boolean => s.stage === 'retired' || s.stage === 'rejected';
