import Database from 'better-sqlite3';
import { DecisionRecord } from '../events/decision-record.ts';
import { periodOf } from '../domain/decisions/check-decision.ts';
import { expired, type DecisionStore, type StoredFinding } from './decision-store.ts';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS decision_periods (period TEXT PRIMARY KEY);
CREATE TABLE IF NOT EXISTS decision_counts (system_id TEXT NOT NULL, period TEXT NOT NULL, decisions INTEGER NOT NULL,
  reviewed INTEGER NOT NULL, overridden INTEGER NOT NULL, people INTEGER NOT NULL, PRIMARY KEY (system_id, period));
CREATE TABLE IF NOT EXISTS decision_subjects (system_id TEXT NOT NULL, period TEXT NOT NULL, subject TEXT NOT NULL,
  PRIMARY KEY (system_id, period, subject)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS decision_findings (system_id TEXT NOT NULL, key TEXT NOT NULL, kind TEXT NOT NULL,
  detail TEXT NOT NULL, outcome TEXT NOT NULL, at TEXT NOT NULL, PRIMARY KEY (system_id, key));`;

// One table per month: dropping an expired month is a DROP TABLE, not a scan.
const tableOf = (period: string): string => `decisions_${period.replace('-', '_')}`;
const PERIOD = /^\d{4}-\d{2}$/;

/** The embedded decision store: SQLite (WAL) at a path in the state folder, or ':memory:'. */
export function openSqliteDecisionStore(path: string): DecisionStore {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec(SCHEMA);
  const known = new Set(db.prepare<[], { period: string }>('SELECT period FROM decision_periods').all().map((r) => r.period));
  const inserts = new Map<string, Database.Statement>();
  const partition = (period: string): Database.Statement => {
    if (!PERIOD.test(period)) throw new Error(`not a month: ${period}`);
    let stmt = inserts.get(period);
    if (stmt) return stmt;
    if (!known.has(period)) {
      db.exec(`CREATE TABLE IF NOT EXISTS ${tableOf(period)} (system_id TEXT NOT NULL, decision_id TEXT NOT NULL,
        decided_at TEXT NOT NULL, record TEXT NOT NULL, PRIMARY KEY (system_id, decision_id)) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS ${tableOf(period)}_time ON ${tableOf(period)} (system_id, decided_at, decision_id);`);
      db.prepare('INSERT OR IGNORE INTO decision_periods VALUES (?)').run(period);
      known.add(period);
    }
    stmt = db.prepare(`INSERT OR IGNORE INTO ${tableOf(period)} VALUES (?, ?, ?, ?)`);
    inserts.set(period, stmt);
    return stmt;
  };
  const addSubject = db.prepare('INSERT OR IGNORE INTO decision_subjects VALUES (?, ?, ?)');
  const bump = db.prepare(`INSERT INTO decision_counts VALUES (@s, @p, 1, @r, @o, @n)
    ON CONFLICT (system_id, period) DO UPDATE SET decisions = decisions + 1, reviewed = reviewed + @r,
    overridden = overridden + @o, people = people + @n`);
  const getCounts = db.prepare<[string, string], { decisions: number; reviewed: number; overridden: number; people: number }>(
    'SELECT decisions, reviewed, overridden, people FROM decision_counts WHERE system_id = ? AND period = ?',
  );
  const getFinding = db.prepare<[string, string], { key: string }>('SELECT key FROM decision_findings WHERE system_id = ? AND key = ?');
  const putFinding = db.prepare('INSERT OR IGNORE INTO decision_findings VALUES (@systemId, @key, @kind, @detail, @outcome, @at)');

  const insertAll = db.transaction((records: readonly DecisionRecord[]): boolean[] =>
    records.map((r) => {
      const period = periodOf(r.decidedAt);
      if (partition(period).run(r.systemId, r.decisionId, r.decidedAt, JSON.stringify(r)).changes === 0) return false;
      // A record without a subject digest counts as one more person: the conservative reading of the declared scale.
      const newPerson = r.subjectDigest === undefined || addSubject.run(r.systemId, period, r.subjectDigest).changes > 0;
      bump.run({ s: r.systemId, p: period, r: r.review.reviewed ? 1 : 0, o: r.review.overridden ? 1 : 0, n: newPerson ? 1 : 0 });
      return true;
    }),
  );

  const dropExpired = db.transaction((now: Date, retention: (systemId: string) => number): string[] => {
    const dropped: string[] = [];
    for (const period of [...known].sort()) {
      const systems = db.prepare<[string], { system_id: string }>('SELECT system_id FROM decision_counts WHERE period = ?').all(period).map((r) => r.system_id);
      const gone = systems.filter((s) => expired(period, retention(s), now));
      if (gone.length === systems.length) {
        db.exec(`DROP TABLE IF EXISTS ${tableOf(period)}`);
        db.prepare('DELETE FROM decision_periods WHERE period = ?').run(period);
        known.delete(period);
        inserts.delete(period);
        dropped.push(period);
      } else {
        for (const s of gone) db.prepare(`DELETE FROM ${tableOf(period)} WHERE system_id = ?`).run(s);
      }
      for (const s of gone) {
        db.prepare('DELETE FROM decision_counts WHERE system_id = ? AND period = ?').run(s, period);
        db.prepare('DELETE FROM decision_subjects WHERE system_id = ? AND period = ?').run(s, period);
      }
    }
    return dropped;
  });

  return {
    insert: async (records) => insertAll(records),
    counts: async (systemId, period) => {
      const c = getCounts.get(systemId, period);
      return { decisions: c?.decisions ?? 0, reviewed: c?.reviewed ?? 0, overridden: c?.overridden ?? 0, peopleAffected: c?.people ?? 0 };
    },
    async *export(systemId, from, to) {
      for (const period of [...known].sort()) {
        if (period < periodOf(from) || period > periodOf(to)) continue;
        const rows = db
          .prepare<[string, string, string], { record: string }>(
            `SELECT record FROM ${tableOf(period)} WHERE system_id = ? AND decided_at >= ? AND decided_at < ? ORDER BY decided_at, decision_id`,
          )
          .iterate(systemId, from, to);
        for (const row of rows) yield DecisionRecord.parse(JSON.parse(row.record));
      }
    },
    hasFinding: async (systemId, key) => getFinding.get(systemId, key) !== undefined,
    addFinding: async (f: StoredFinding) => putFinding.run(f).changes > 0,
    findings: async (systemId) =>
      db.prepare<[string], StoredFinding>('SELECT system_id AS systemId, key, kind, detail, outcome, at FROM decision_findings WHERE system_id = ? ORDER BY at, key').all(systemId),
    periods: async () => [...known].sort(),
    dropExpired: async (now, retention) => dropExpired(now, retention),
    close: async () => void db.close(),
  };
}
