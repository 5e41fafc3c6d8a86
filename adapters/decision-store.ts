import type { PeriodCounts } from '../domain/decisions/oversight.ts';
import type { DecisionRecord } from '../events/decision-record.ts';

/** A finding the checker made, as the decision store keeps it (whether or not the lifecycle could record it). */
export interface StoredFinding {
  readonly systemId: string;
  /** What makes the finding one: a second decision with the same key is not reported again. */
  readonly key: string;
  readonly kind: string;
  readonly detail: string;
  /** `recorded` in the lifecycle, or why not (e.g. `closed: the system is retired`). */
  readonly outcome: string;
  readonly at: string;
}

/**
 * Where logged decisions are kept for the pack's retention: partitioned by month, so expired months are dropped
 * whole. On the read side's database (`adapters/read-db/decision-store.ts`): SQLite in the state folder, or PostgreSQL.
 */
export interface DecisionStore {
  /** Stores the records; one already stored (same system and decision id in its month) is skipped: false at its index. */
  insert(records: readonly DecisionRecord[]): Promise<boolean[]>;
  /** A system's counts for one month (`YYYY-MM`); zeros when it logged nothing. */
  counts(systemId: string, period: string): Promise<PeriodCounts>;
  /** A system's decisions with `from <= decidedAt < to`, oldest first (ties by decision id). */
  export(systemId: string, from: string, to: string): AsyncIterable<DecisionRecord>;
  /** True when a finding with this key was kept before. */
  hasFinding(systemId: string, key: string): Promise<boolean>;
  /** Keeps a finding once per key; false when the key was seen before. */
  addFinding(finding: StoredFinding): Promise<boolean>;
  findings(systemId: string): Promise<StoredFinding[]>;
  /** The months stored, oldest first. */
  periods(): Promise<string[]>;
  /**
   * Drops what is past retention: a month whose end lies more than `retentionMonths(systemId)` months before `now`
   * is removed for that system; a month expired for every system in it is dropped whole. Returns the months dropped whole.
   */
  dropExpired(now: Date, retentionMonths: (systemId: string) => number | Promise<number>): Promise<string[]>;
  close(): Promise<void>;
}

/** The month after `period` (`2026-12` -> `2027-01`). */
export function nextPeriod(period: string): string {
  const [y, m] = period.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}

/** The month before `period`. */
export function previousPeriod(period: string): string {
  const [y, m] = period.split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

/** True when all of `period` lies more than `months` months before `now` (its end is older than the retention). */
export function expired(period: string, months: number, now: Date): boolean {
  const [y, m] = nextPeriod(period).split('-').map(Number) as [number, number];
  const end = Date.UTC(y, m - 1, 1);
  const cutoff = new Date(now);
  cutoff.setUTCMonth(cutoff.getUTCMonth() - months);
  return end <= cutoff.getTime();
}
