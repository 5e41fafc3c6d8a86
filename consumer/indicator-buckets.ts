import type { SqlRunner, SqlValue } from '../adapters/read-db/read-db.ts';
import { bucketFacts, bucketYears, mergeBuckets, OPEN_BUCKET, type FactsBucket } from '../domain/indicators/buckets.ts';
import type { SystemFacts } from '../domain/indicators/facts.ts';
import type { IndicatorFilter } from '../domain/indicators/indicators.ts';

/**
 * The facts by year (`domain/indicators/buckets.ts`): one row per system and year its items span, and its base row
 * (year 9999: scalars, open items, and the columns the filters use). Written beside the whole-facts row in the same
 * transaction; an indicators query reads the base rows that pass its filters and the year rows of its window only.
 */
export const BUCKETS_TABLE_SQL = `CREATE TABLE indicator_fact_buckets (
  system_id TEXT NOT NULL, year INTEGER NOT NULL, sector TEXT, tier TEXT, pack TEXT, proposed_at BIGINT,
  facts TEXT NOT NULL, PRIMARY KEY (system_id, year));
CREATE INDEX indicator_fact_buckets_year ON indicator_fact_buckets (year, system_id);`;

const serialised = (f: SystemFacts | undefined): Map<number, string> =>
  new Map(f ? [...bucketFacts(f)].map(([y, b]) => [y, JSON.stringify(b)]) : []);

/** Rewrites the buckets of a system that changed from `prior` to `next` (usually the latest year and the base). */
export async function writeBuckets(tx: SqlRunner, prior: SystemFacts | undefined, next: SystemFacts): Promise<void> {
  const before = serialised(prior);
  const after = serialised(next);
  for (const year of before.keys())
    if (!after.has(year)) await tx.run('DELETE FROM indicator_fact_buckets WHERE system_id = $1 AND year = $2', [next.systemId, year]);
  for (const [year, facts] of after) {
    if (before.get(year) === facts) continue;
    const base = year === OPEN_BUCKET;
    await tx.run(
      `INSERT INTO indicator_fact_buckets (system_id, year, sector, tier, pack, proposed_at, facts) VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (system_id, year) DO UPDATE SET sector = excluded.sector, tier = excluded.tier, pack = excluded.pack,
         proposed_at = excluded.proposed_at, facts = excluded.facts`,
      [next.systemId, year, base ? next.sector : null, base ? next.tier : null, base ? next.pack : null, base ? next.proposedAt : null, facts],
    );
  }
}

/** The facts of the systems that pass `filter` and were proposed before `before`, complete for windows from `from`. */
export async function queryBuckets(db: SqlRunner, q: IndicatorFilter & { from: number; before: number }): Promise<SystemFacts[]> {
  const { first, last } = bucketYears(q.from, q.before);
  const filters = `AND (CAST($3 AS TEXT) IS NULL OR b.sector = $3) AND (CAST($4 AS TEXT) IS NULL OR b.tier = $4)
     AND (CAST($5 AS TEXT) IS NULL OR b.pack = $5)`;
  const params: SqlValue[] = [OPEN_BUCKET, q.before, q.sector, q.tier, q.pack];
  const bases = await db.query<{ system_id: string; facts: string }>(
    `SELECT b.system_id, b.facts FROM indicator_fact_buckets b WHERE b.year = $1 AND b.proposed_at < $2 ${filters}`,
    params,
  );
  // The year rows of the systems that pass: each a range of the primary key (system_id, year).
  const years = await db.query<{ system_id: string; facts: string }>(
    `SELECT y.system_id, y.facts FROM indicator_fact_buckets b
     JOIN indicator_fact_buckets y ON y.system_id = b.system_id AND y.year >= $6 AND y.year <= $7
     WHERE b.year = $1 AND b.proposed_at < $2 ${filters}`,
    [...params, first, last],
  );
  const bySystem = new Map<string, FactsBucket[]>();
  for (const r of years) {
    let list = bySystem.get(r.system_id);
    if (!list) bySystem.set(r.system_id, (list = []));
    list.push(JSON.parse(r.facts) as FactsBucket);
  }
  return bases.map((b) => mergeBuckets(JSON.parse(b.facts) as FactsBucket, bySystem.get(b.system_id) ?? []));
}

/** Buckets for every whole-facts row that has none (a table written before the buckets existed). */
export async function backfillBuckets(tx: SqlRunner): Promise<void> {
  const rows = await tx.query<{ facts: string }>(
    `SELECT facts FROM indicator_facts f WHERE NOT EXISTS (SELECT 1 FROM indicator_fact_buckets b WHERE b.system_id = f.system_id AND b.year = ${OPEN_BUCKET})`,
  );
  for (const r of rows) await writeBuckets(tx, undefined, JSON.parse(r.facts) as SystemFacts);
}
