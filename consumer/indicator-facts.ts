import { emptyFacts, type SystemFacts } from '../domain/indicators/facts.ts';
import { foldFacts } from '../domain/indicators/fold-facts.ts';
import type { IndicatorFilter } from '../domain/indicators/indicators.ts';
import type { DomainEvent } from '../domain/lifecycle/events.ts';
import { evolve } from '../domain/lifecycle/evolve.ts';
import { initialState, type LifecycleState } from '../domain/lifecycle/state.ts';
import { catalogueEntry } from '../events/catalogue.ts';
import { shortEventType, type GovernanceEvent } from '../events/envelope.ts';
import type { Migration, ReadDb, SqlRunner } from '../adapters/read-db/read-db.ts';
import { bucketYears } from '../domain/indicators/buckets.ts';
import { backfillBuckets, BUCKETS_TABLE_SQL, queryBuckets, writeBuckets } from './indicator-buckets.ts';

/**
 * Which facts rows a query needs: the filter, and systems proposed before `before` (epoch ms). With `from`, the
 * rows may hold only what windows within `[from, before]` count (the facts by year); without it, whole histories.
 */
export interface FactsQuery extends IndicatorFilter {
  readonly before: number;
  readonly from?: number | undefined;
}

/** The indicator facts of every system on the read side (SQLite or PostgreSQL), one row per system. */
export interface IndicatorFactsProjection {
  /** Folds one verified event into its system's row; false when that sequence was folded before. */
  apply(event: GovernanceEvent): Promise<boolean>;
  get(systemId: string): Promise<SystemFacts | undefined>;
  /** The rows that can count in a window ending at `before` (from `from`), filtered in SQL on indexed columns. */
  query(q: FactsQuery): Promise<SystemFacts[]>;
}

/**
 * The table, forward-only. `state` is the system's folded lifecycle state, kept so a fold of facts alone (`apply`)
 * has the stage and the proposal without another table; `facts` is the JSON the indicators read. Its module is
 * migrated by the read side, whose projection folds the rows.
 */
export const INDICATOR_FACTS_MIGRATIONS: readonly Migration[] = [
  {
    id: 'create indicator_facts',
    sql: `CREATE TABLE IF NOT EXISTS indicator_facts (
  system_id TEXT PRIMARY KEY, sector TEXT, tier TEXT, pack TEXT, proposed_at BIGINT, sequence INTEGER NOT NULL,
  state TEXT NOT NULL, facts TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS indicator_facts_proposed ON indicator_facts (proposed_at);`,
  },
  { id: 'facts by year', sql: BUCKETS_TABLE_SQL },
];

interface Row {
  sequence: number;
  facts: string;
}

async function applyIn(tx: SqlRunner, event: GovernanceEvent): Promise<boolean> {
  const short = shortEventType(event.type);
  if (!short || !catalogueEntry(event.type)) return false;
  const row = await tx.one<{ sequence: number; state: string }>('SELECT sequence, state FROM indicator_facts WHERE system_id = $1', [event.subject]);
  if (row && event.sequence <= row.sequence) return false;
  const before = row ? (JSON.parse(row.state) as LifecycleState) : initialState(event.subject);
  const domainEvent = { type: short, data: event.data } as DomainEvent;
  // The chain's sequence, not a count: a skipped unknown event must not shift every later one.
  const state: LifecycleState = { ...evolve(before, domainEvent, event.hash), sequence: event.sequence };
  await foldFactsIn(tx, event, domainEvent, state);
  return true;
}

/**
 * Folds one event, already folded into the lifecycle `state` it produced, into its system's facts row inside `tx`:
 * the projection calls it in the transaction that writes the system's rows and the topic position, so the facts can
 * never run ahead of, or behind, the rest of the read side.
 */
export async function foldFactsIn(tx: SqlRunner, event: GovernanceEvent, domainEvent: DomainEvent, state: LifecycleState): Promise<void> {
  const row = await tx.one<Row>('SELECT sequence, facts FROM indicator_facts WHERE system_id = $1', [event.subject]);
  if (row && event.sequence <= row.sequence) return;
  const prior = row ? (JSON.parse(row.facts) as SystemFacts) : emptyFacts(event.subject);
  const { time, sequence, hash, sig, sigkid } = event;
  const f = foldFacts(prior, { event: domainEvent, time, sequence, hash, sig, sigkid }, state);
  // The WHERE keeps a slower writer (another API instance folding the same event) from moving a row backwards.
  await tx.run(
    `INSERT INTO indicator_facts (system_id, sector, tier, pack, proposed_at, sequence, state, facts)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT (system_id) DO UPDATE SET sector = excluded.sector, tier = excluded.tier, pack = excluded.pack,
       proposed_at = excluded.proposed_at, sequence = excluded.sequence, state = excluded.state, facts = excluded.facts
     WHERE indicator_facts.sequence < excluded.sequence`,
    [f.systemId, f.sector, f.tier, f.pack, f.proposedAt, event.sequence, JSON.stringify(state), JSON.stringify(f)],
  );
  await writeBuckets(tx, row ? prior : undefined, f);
}

// Windows spanning fewer calendar years than this read the facts by year.
const MAX_BUCKET_YEARS = 4;

/** The facts module's name in the migration ledger. */
export const INDICATOR_FACTS_MODULE = 'indicator-facts';

/** Brings the table up to date on `db` and returns the projection over it. */
export async function openIndicatorFacts(db: ReadDb): Promise<IndicatorFactsProjection> {
  await db.migrate(INDICATOR_FACTS_MODULE, INDICATOR_FACTS_MIGRATIONS);
  await db.transaction(backfillBuckets);
  return {
    apply: (event) => db.transaction((tx) => applyIn(tx, event)),
    get: async (systemId) => {
      const row = await db.one<{ facts: string }>('SELECT facts FROM indicator_facts WHERE system_id = $1', [systemId]);
      return row ? (JSON.parse(row.facts) as SystemFacts) : undefined;
    },
    query: async (q) => {
      // A window of a few years reads its years; a longer one reads whole rows, which are then fewer bytes than the
      // same items repeated in every year they span (see the indicators benchmark).
      if (q.from !== undefined && bucketYears(q.from, q.before).last - bucketYears(q.from, q.before).first < MAX_BUCKET_YEARS)
        return queryBuckets(db, { ...q, from: q.from });
      const rows = await db.query<{ facts: string }>(
        `SELECT facts FROM indicator_facts WHERE proposed_at < $1 AND (CAST($2 AS TEXT) IS NULL OR sector = $2)
         AND (CAST($3 AS TEXT) IS NULL OR tier = $3) AND (CAST($4 AS TEXT) IS NULL OR pack = $4)`,
        [q.before, q.sector, q.tier, q.pack],
      );
      return rows.map((r) => JSON.parse(r.facts) as SystemFacts);
    },
  };
}
