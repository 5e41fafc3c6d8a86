import { periodOf } from '../../domain/decisions/check-decision.ts';
import { DecisionRecord } from '../../events/decision-record.ts';
import { expired, nextPeriod, type DecisionStore, type StoredFinding } from '../decision-store.ts';
import { createMonthSql, DECISION_MIGRATIONS, monthTable } from './decision-schema.ts';
import type { ReadDb, SqlRunner, SqlValue } from './read-db.ts';
import { insertBatch } from './decision-insert.ts';

// Taken while a month's table is created, so two API instances never create the same partition at once.
const PARTITION_LOCK = 0x60f11;

interface CountRow {
  decisions: number;
  reviewed: number;
  overridden: number;
  people: number;
}

/**
 * The decision store on the read side's database (SQLite or PostgreSQL): decisions one table per month (see
 * `decision-schema.ts`), the month's counts beside them, and the checker's findings. A batch is one transaction.
 */
export async function openDecisionStore(db: ReadDb): Promise<DecisionStore> {
  await db.migrate('decisions', DECISION_MIGRATIONS);
  const known = new Set<string>();
  const loadKnown = async (tx: SqlRunner) => {
    known.clear();
    for (const r of await tx.query<{ period: string }>('SELECT period FROM decision_periods')) known.add(r.period);
  };
  await loadKnown(db);

  async function ensureMonths(tx: SqlRunner, periods: Iterable<string>): Promise<void> {
    const missing = [...new Set(periods)].filter((p) => !known.has(p));
    if (missing.length === 0) return;
    if (tx.dialect === 'postgres') await tx.query('SELECT pg_advisory_xact_lock($1)', [PARTITION_LOCK]);
    for (const period of missing) {
      for (const sql of createMonthSql(tx.dialect, period, nextPeriod(period))) await tx.run(sql);
      await tx.run('INSERT INTO decision_periods (period) VALUES ($1) ON CONFLICT (period) DO NOTHING', [period]);
    }
  }

  const insert = async (records: readonly DecisionRecord[]): Promise<boolean[]> => {
    if (records.length === 0) return [];
    const periods = records.map((r) => periodOf(r.decidedAt));
    const attempt = () =>
      db.transaction(async (tx) => {
        await ensureMonths(tx, periods);
        return insertBatch(tx, records, periods);
      });
    // Another instance may have dropped a month this one still thought it had: learn the months again, once.
    const fresh = await attempt().catch(async () => {
      await loadKnown(db);
      return attempt();
    });
    // Known only once committed: a rolled-back batch creates the month again.
    for (const p of periods) known.add(p);
    return fresh;
  };

  async function dropMonth(tx: SqlRunner, period: string): Promise<void> {
    await tx.run(`DROP TABLE IF EXISTS ${monthTable(period)}`);
    await tx.run('DELETE FROM decision_periods WHERE period = $1', [period]);
  }

  return {
    insert,
    async counts(systemId, period) {
      const c = await db.one<CountRow>('SELECT decisions, reviewed, overridden, people FROM decision_counts WHERE system_id = $1 AND period = $2', [systemId, period]);
      return { decisions: c?.decisions ?? 0, reviewed: c?.reviewed ?? 0, overridden: c?.overridden ?? 0, peopleAffected: c?.people ?? 0 };
    },
    async *export(systemId, from, to) {
      // Another instance on the same database may have made months this one has not written to.
      await loadKnown(db);
      const months = [...known].sort().filter((p) => p >= periodOf(from) && p <= periodOf(to));
      for (const period of months) {
        const rows = await db.query<{ record: string }>(
          `SELECT record FROM ${monthTable(period)} WHERE system_id = $1 AND decided_at >= $2 AND decided_at < $3 ORDER BY decided_at, decision_id`,
          [systemId, from, to],
        );
        for (const row of rows) yield DecisionRecord.parse(JSON.parse(row.record));
      }
    },
    hasFinding: async (systemId, key) => (await db.one('SELECT key FROM decision_findings WHERE system_id = $1 AND key = $2', [systemId, key])) !== undefined,
    addFinding: async (f: StoredFinding) => {
      const values: SqlValue[] = [f.systemId, f.key, f.kind, f.detail, f.outcome, f.at];
      const r = await db.run('INSERT INTO decision_findings (system_id, key, kind, detail, outcome, at) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (system_id, key) DO NOTHING', values);
      return r.changes > 0;
    },
    findings: (systemId) =>
      db.query<StoredFinding>('SELECT system_id AS "systemId", key, kind, detail, outcome, at FROM decision_findings WHERE system_id = $1 ORDER BY at, key', [systemId]),
    periods: async () => {
      await loadKnown(db);
      return [...known].sort();
    },
    async dropExpired(now, retentionMonths) {
      const dropped: string[] = [];
      await loadKnown(db);
      const months = new Map<string, number>();
      const retention = async (s: string) => months.get(s) ?? months.set(s, await retentionMonths(s)).get(s)!;
      for (const period of [...known].sort()) {
        const systems = (await db.query<{ system_id: string }>('SELECT system_id FROM decision_counts WHERE period = $1', [period])).map((r) => r.system_id);
        const gone: string[] = [];
        for (const s of systems) if (expired(period, await retention(s), now)) gone.push(s);
        await db.transaction(async (tx) => {
          if (gone.length === systems.length) {
            await dropMonth(tx, period);
            dropped.push(period);
          } else {
            for (const s of gone) await tx.run(`DELETE FROM ${monthTable(period)} WHERE system_id = $1`, [s]);
          }
          for (const s of gone) {
            await tx.run('DELETE FROM decision_counts WHERE system_id = $1 AND period = $2', [s, period]);
            await tx.run('DELETE FROM decision_subjects WHERE system_id = $1 AND period = $2', [s, period]);
          }
        });
      }
      for (const p of dropped) known.delete(p);
      return dropped;
    },
    // The database belongs to the read side, which closes it.
    close: async () => undefined,
  };
}
