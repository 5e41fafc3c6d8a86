import type Database from 'better-sqlite3';
import type { SystemFacts } from '../domain/indicators/facts.ts';
import type { IndicatorFilter } from '../domain/indicators/indicators.ts';

/** Which facts rows a query needs: the filter, and systems proposed before `before` (epoch ms). */
export interface FactsQuery extends IndicatorFilter {
  readonly before: number;
}

/** The indicator facts, one row per system, kept beside the registry's rows and written in the same transaction. */
export interface FactsStore {
  get(systemId: string): SystemFacts | undefined;
  put(facts: SystemFacts): void;
  /** The facts rows that can count in a window ending at `before`, filtered in SQL on the indexed columns. */
  query(q: FactsQuery): SystemFacts[];
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS indicator_facts (
  system_id TEXT PRIMARY KEY, sector TEXT, tier TEXT, pack TEXT, proposed_at INTEGER, facts TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS indicator_facts_proposed ON indicator_facts (proposed_at);`;

/** Creates the table if needed and prepares the statements. */
export function createFactsStore(db: Database.Database): FactsStore {
  db.exec(SCHEMA);
  const get = db.prepare<[string], { facts: string }>('SELECT facts FROM indicator_facts WHERE system_id = ?');
  const put = db.prepare(`INSERT INTO indicator_facts VALUES (@system_id, @sector, @tier, @pack, @proposed_at, @facts)
    ON CONFLICT (system_id) DO UPDATE SET sector = excluded.sector, tier = excluded.tier, pack = excluded.pack,
    proposed_at = excluded.proposed_at, facts = excluded.facts`);
  const query = db.prepare<Record<string, string | number | null>, { facts: string }>(`SELECT facts FROM indicator_facts
    WHERE proposed_at < @before AND (@sector IS NULL OR sector = @sector) AND (@tier IS NULL OR tier = @tier)
    AND (@pack IS NULL OR pack = @pack)`);
  return {
    get: (systemId) => {
      const row = get.get(systemId);
      return row ? (JSON.parse(row.facts) as SystemFacts) : undefined;
    },
    put: (f) =>
      void put.run({ system_id: f.systemId, sector: f.sector, tier: f.tier, pack: f.pack, proposed_at: f.proposedAt, facts: JSON.stringify(f) }),
    query: (q) =>
      query.all({ before: q.before, sector: q.sector, tier: q.tier, pack: q.pack }).map((r) => JSON.parse(r.facts) as SystemFacts),
  };
}
