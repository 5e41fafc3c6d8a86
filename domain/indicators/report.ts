import { z } from 'zod';
import { IsoInstant } from '../instant.ts';
import { matches, computeIndicators, stageAt } from './compute.ts';
import type { SystemFacts } from './facts.ts';
import { IndicatorFilter, Indicators } from './indicators.ts';
import type { IndicatorWindow } from './window.ts';

const When = IsoInstant.nullable();

/** One high-tier system in the regulator's register: its approvals, conditions, incidents, re-reviews, chain head. */
export const RegisterEntry = z
  .object({
    systemId: z.string(),
    name: z.string().nullable(),
    owner: z.string().nullable(),
    sector: z.string().nullable(),
    pack: z.string().nullable(),
    policyVersion: z.string().nullable(),
    stage: z.string(),
    proposedAt: When,
    approvals: z.array(z.object({ at: IsoInstant, round: z.number().int(), purpose: z.string(), version: z.string().nullable(), approvers: z.array(z.string()) })),
    conditions: z.array(z.object({ id: z.string(), description: z.string(), dueAt: When, satisfiedAt: When, status: z.enum(['met', 'open', 'overdue', 'superseded']) })),
    incidents: z.array(z.object({ id: z.string(), severity: z.string(), reportedAt: IsoInstant, reportDueAt: IsoInstant, withinDeadline: z.boolean() })),
    reReviews: z.array(z.object({ cycle: z.number().int(), purpose: z.string(), dueAt: IsoInstant, decidedAt: When, outcome: z.string().nullable() })),
    head: z.object({ sequence: z.number().int(), hash: z.string(), sig: z.string().nullable(), sigkid: z.string().nullable(), time: IsoInstant }).nullable(),
  })
  .meta({ id: 'RegisterEntry' });
export type RegisterEntry = z.infer<typeof RegisterEntry>;

/** The periodic regulator report: the indicators for the period and the register of high-tier systems. */
export const RegulatorReport = z
  .object({
    title: z.string(),
    generatedAt: IsoInstant,
    filter: IndicatorFilter,
    indicators: Indicators,
    register: z.array(RegisterEntry),
  })
  .meta({ id: 'RegulatorReport' });
export type RegulatorReport = z.infer<typeof RegulatorReport>;

const iso = (t: number | null): string | null => (t === null ? null : new Date(t).toISOString());
const isoOf = (t: number): string => new Date(t).toISOString();

/** One system's register entry as known just before `at` (the chain head is the record's latest). */
export function registerEntry(f: SystemFacts, at: number): RegisterEntry {
  const before = (t: number | null): t is number => t !== null && t < at;
  const conditionStatus = (c: SystemFacts['conditions'][number]) =>
    before(c.satisfiedAt) ? 'met' : before(c.supersededAt) ? 'superseded' : before(c.dueAt) ? 'overdue' : 'open';
  return {
    systemId: f.systemId, name: f.name, owner: f.owner, sector: f.sector, pack: f.pack, policyVersion: f.policyVersion,
    stage: stageAt(f, at) ?? 'proposed',
    proposedAt: iso(f.proposedAt),
    approvals: f.approvals.filter((a) => before(a.at)).map((a) => ({ ...a, at: isoOf(a.at) })),
    conditions: f.conditions
      .filter((c) => before(c.approvedAt))
      .map((c) => ({ id: c.id, description: c.description, dueAt: iso(c.dueAt), satisfiedAt: before(c.satisfiedAt) ? iso(c.satisfiedAt) : null, status: conditionStatus(c) })),
    incidents: f.incidents
      .filter((i) => before(i.reportedAt))
      .map((i) => ({ id: i.id, severity: i.severity, reportedAt: isoOf(i.reportedAt), reportDueAt: isoOf(i.reportDueAt), withinDeadline: i.reportedAt <= i.reportDueAt })),
    reReviews: f.reReviews
      .filter((r) => before(r.dueAt))
      .map((r) => ({ cycle: r.cycle, purpose: r.purpose, dueAt: isoOf(r.dueAt), decidedAt: before(r.decidedAt) ? iso(r.decidedAt) : null, outcome: before(r.decidedAt) ? r.outcome : null })),
    head: f.head ? { ...f.head, time: isoOf(f.head.time) } : null,
  };
}

/**
 * Builds the report: the indicators over the window and, for every high-tier system proposed before its end that
 * passes the filter, its register entry. `generatedAt` is the caller's clock.
 */
export function buildReport(facts: readonly SystemFacts[], w: IndicatorWindow, filter: IndicatorFilter, generatedAt: number): RegulatorReport {
  const register = facts
    .filter((f) => f.tier === 'high' && matches(f, filter) && stageAt(f, w.at) !== undefined)
    .sort((a, b) => a.systemId.localeCompare(b.systemId))
    .map((f) => registerEntry(f, w.at));
  return {
    title: `AI governance compliance report, ${w.label}`,
    generatedAt: isoOf(generatedAt),
    filter,
    indicators: computeIndicators(facts, w, filter),
    register,
  };
}
