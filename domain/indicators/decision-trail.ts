import type { SystemFacts } from './facts.ts';
import type { Indicators } from './indicators.ts';
import { bump } from './stats.ts';

/** The decision-trail indicators before any system is added. */
export const newDecisionTrailCounts = (): Indicators['decisionTrail'] => ({
  violations: 0, violationsByKind: {}, systemsWithViolations: 0, oversightCrossings: 0, crossingsByRule: {}, reReviewsDue: 0,
});

/**
 * Adds one system's decision-trail findings recorded in the window: violations by kind (and whether the system had
 * any), oversight crossings by the rule crossed, and the re-reviews those crossings made due.
 */
export function addDecisionFindings(d: Indicators['decisionTrail'], f: SystemFacts, inside: (t: number | null) => boolean): void {
  let violated = false;
  // Rows folded before the decision trail counted have no findings.
  for (const x of f.decisionFindings ?? []) {
    if (!inside(x.at)) continue;
    if (x.kind !== 'oversight_threshold') {
      d.violations += 1;
      bump(d.violationsByKind, x.kind);
      violated = true;
      continue;
    }
    d.oversightCrossings += 1;
    for (const rule of x.rules) bump(d.crossingsByRule, rule);
    if (x.reReviewDue) d.reReviewsDue += 1;
  }
  if (violated) d.systemsWithViolations += 1;
}
