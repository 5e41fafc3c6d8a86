import type { Stage } from '../lifecycle/state.ts';
import type { SystemFacts } from './facts.ts';
import type { IndicatorFilter, Indicators } from './indicators.ts';
import { addDecisionFindings, newDecisionTrailCounts } from './decision-trail.ts';
import { bump, hours, percentile, share } from './stats.ts';
import type { IndicatorWindow } from './window.ts';

/** True when the system passes the filter (sector, tier and pack as the system last declared and was assessed). */
export const matches = (f: SystemFacts, filter: IndicatorFilter): boolean =>
  (filter.sector === null || f.sector === filter.sector) &&
  (filter.tier === null || f.tier === filter.tier) &&
  (filter.pack === null || f.pack === filter.pack);

/** The stage the system was in just before `at`; undefined when it was not yet proposed. */
export function stageAt(f: SystemFacts, at: number): Stage | undefined {
  let stage: Stage | undefined;
  for (const [s, t] of f.stages) {
    if (t >= at) break;
    stage = s;
  }
  return stage;
}

const iso = (t: number): string => new Date(t).toISOString();

/**
 * The compliance indicators of the systems in `facts` over the window: counts of what happened in `[from, at)` and
 * the state just before `at` (`at` is the window's end, or the "as of" when earlier). Pure: one pass per system.
 */
export function computeIndicators(facts: Iterable<SystemFacts>, w: IndicatorWindow, filter: IndicatorFilter): Indicators {
  const acc = newAccumulator();
  for (const f of facts) if (matches(f, filter)) addSystem(acc, f, w);
  return {
    window: { label: w.label, from: iso(w.from), to: iso(w.to), asOf: iso(w.at) },
    filter,
    systems: acc.systems,
    decisions: {
      ...acc.decisions,
      hoursToDecision: { p50: hours(percentile(acc.decisionMs, 50)), p90: hours(percentile(acc.decisionMs, 90)) },
    },
    reviews: acc.reviews,
    reReviews: acc.reReviews,
    conditions: acc.conditions,
    incidents: { ...acc.incidents, shareWithinDeadline: share(acc.incidents.withinDeadline, acc.incidents.total) },
    transparency: { ...acc.transparency, shareOnTime: share(acc.transparency.onTime, acc.transparency.due) },
    suspensions: {
      ...acc.suspensions,
      hours: { p50: hours(percentile(acc.suspensionMs, 50)), max: hours(percentile(acc.suspensionMs, 100)) },
    },
    decisionTrail: acc.decisionTrail,
    committee: {
      openRounds: acc.openRounds,
      waiting: [...acc.waiting].map(([member, rounds]) => ({ member, rounds })).sort((a, b) => b.rounds - a.rounds || a.member.localeCompare(b.member)),
    },
  };
}

function newAccumulator() {
  return {
    systems: { total: 0, byStage: {} as Record<string, number>, byTier: {} as Record<string, number>, bySector: {} as Record<string, number>, byPack: {} as Record<string, number> },
    decisions: { count: 0, approved: 0, rejected: 0, prohibited: 0 },
    decisionMs: [] as number[],
    reviews: { opened: 0, pastDeadline: 0, escalations: 0 },
    reReviews: { due: 0, decided: 0, overdue: 0 },
    conditions: { dueInPeriod: 0, metOnTime: 0, openPastDue: 0 },
    incidents: { total: 0, bySeverity: {} as Record<string, number>, withinDeadline: 0 },
    transparency: { due: 0, onTime: 0, late: 0, outstanding: 0 },
    suspensions: { started: 0, byReason: {} as Record<string, number>, ended: 0, ongoing: 0 },
    suspensionMs: [] as number[],
    decisionTrail: newDecisionTrailCounts(),
    openRounds: 0,
    waiting: new Map<string, number>(),
  };
}
type Acc = ReturnType<typeof newAccumulator>;

function addSystem(acc: Acc, f: SystemFacts, w: IndicatorWindow): void {
  const stage = stageAt(f, w.at);
  if (stage === undefined) return;
  const inside = (t: number | null): t is number => t !== null && t >= w.from && t < w.at;
  const before = (t: number | null): t is number => t !== null && t < w.at;
  const live = !before(f.endedAt);
  const s = acc.systems;
  s.total += 1;
  bump(s.byStage, stage);
  bump(s.byTier, f.tier);
  bump(s.bySector, f.sector);
  bump(s.byPack, f.pack);
  addDecision(acc, f, inside);
  for (const r of f.rounds) {
    if (inside(r.opensAt)) acc.reviews.opened += 1;
    if (inside(r.deadline) && (r.closedAt === null || r.closedAt > r.deadline)) acc.reviews.pastDeadline += 1;
    if (inside(r.escalatedAt)) acc.reviews.escalations += 1;
    if (before(r.opensAt) && !before(r.closedAt)) {
      acc.openRounds += 1;
      const acted = new Set(r.acted.filter(([, t]) => t < w.at).map(([m]) => m));
      for (const m of r.voters) if (!acted.has(m)) acc.waiting.set(m, (acc.waiting.get(m) ?? 0) + 1);
    }
  }
  for (const r of f.reReviews) {
    if (inside(r.dueAt)) acc.reReviews.due += 1;
    if (inside(r.decidedAt) && r.outcome !== 'superseded' && r.outcome !== 'retired') acc.reReviews.decided += 1;
    if (before(r.deadline ?? r.dueAt) && !before(r.decidedAt)) acc.reReviews.overdue += 1;
  }
  if (live && before(f.nextReReviewAt) && (stage === 'approved' || stage === 'deployed')) acc.reReviews.overdue += 1;
  for (const c of f.conditions) {
    if (c.dueAt === null) continue;
    if (inside(c.dueAt)) {
      acc.conditions.dueInPeriod += 1;
      if (c.satisfiedAt !== null && c.satisfiedAt <= c.dueAt) acc.conditions.metOnTime += 1;
    }
    if (live && before(c.dueAt) && !before(c.satisfiedAt) && !before(c.supersededAt)) acc.conditions.openPastDue += 1;
  }
  for (const i of f.incidents) {
    if (!inside(i.reportedAt)) continue;
    acc.incidents.total += 1;
    bump(acc.incidents.bySeverity, i.severity);
    if (i.reportedAt <= i.reportDueAt) acc.incidents.withinDeadline += 1;
  }
  addTransparency(acc, f, inside, before);
  addSuspensions(acc, f, w, inside, before);
  addDecisionFindings(acc.decisionTrail, f, inside);
}

type At = (t: number | null) => t is number;

function addDecision(acc: Acc, f: SystemFacts, inside: At): void {
  const d = f.decision;
  if (d === null || !inside(d.at)) return;
  acc.decisions.count += 1;
  if (d.reason === 'prohibited_use') {
    acc.decisions.prohibited += 1;
    return;
  }
  acc.decisions[d.outcome] += 1;
  if (f.proposedAt !== null) acc.decisionMs.push(d.at - f.proposedAt);
}

function addTransparency(acc: Acc, f: SystemFacts, inside: At, before: At): void {
  for (const r of f.transparency) {
    // A system retired or rejected before a report fell due owes it no more.
    if (!inside(r.dueAt) || (f.endedAt !== null && f.endedAt <= r.dueAt)) continue;
    acc.transparency.due += 1;
    if (!before(r.submittedAt)) acc.transparency.outstanding += 1;
    else if (r.late) acc.transparency.late += 1;
    else acc.transparency.onTime += 1;
  }
}

function addSuspensions(acc: Acc, f: SystemFacts, w: IndicatorWindow, inside: At, before: At): void {
  for (const s of f.suspensions) {
    if (inside(s.to)) acc.suspensions.ended += 1;
    if (before(s.from) && !before(s.to)) acc.suspensions.ongoing += 1;
    if (!inside(s.from)) continue;
    acc.suspensions.started += 1;
    bump(acc.suspensions.byReason, s.reason);
    acc.suspensionMs.push((before(s.to) ? s.to : w.at) - s.from);
  }
}
