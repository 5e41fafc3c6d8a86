import type { Migration, SqlDialect } from './read-db.ts';

/**
 * The decision trail's tables on the read-side database, forward-only. Logged decisions live in one table per month
 * (`decisions_YYYY_MM`), so retention drops a month with one `DROP TABLE` rather than deleting row by row:
 *
 * - PostgreSQL: each month is a declarative range partition of `decisions` (`PARTITION BY RANGE (period)`), so a
 *   query on the parent is pruned to the months it names and dropping a partition detaches it in the same statement.
 * - SQLite has no partitioning. A plain table per month is the cheapest equivalent: the store names the month's
 *   table in every statement (it knows the month from the record or the range), and `DROP TABLE` frees its pages at
 *   once. An attached database file per month would also drop cheaply, but ATTACH is per connection, limited to ten
 *   by default, and breaks the one-transaction batch; a single table with a DELETE per month rewrites every index.
 *
 * The per-month counts (volume, reviewed, overridden, people affected) are kept beside them, so the oversight
 * signals and the declared-scale check never scan decisions.
 */
export const DECISION_MIGRATIONS: readonly Migration[] = [
  {
    id: 'create decision trail tables',
    sql: {
      sqlite: `CREATE TABLE IF NOT EXISTS decision_periods (period TEXT PRIMARY KEY);
CREATE TABLE IF NOT EXISTS decision_counts (system_id TEXT NOT NULL, period TEXT NOT NULL, decisions INTEGER NOT NULL,
  reviewed INTEGER NOT NULL, overridden INTEGER NOT NULL, people INTEGER NOT NULL, PRIMARY KEY (system_id, period));
CREATE TABLE IF NOT EXISTS decision_subjects (system_id TEXT NOT NULL, period TEXT NOT NULL, subject TEXT NOT NULL,
  PRIMARY KEY (system_id, period, subject)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS decision_findings (system_id TEXT NOT NULL, key TEXT NOT NULL, kind TEXT NOT NULL,
  detail TEXT NOT NULL, outcome TEXT NOT NULL, at TEXT NOT NULL, PRIMARY KEY (system_id, key));`,
      postgres: `CREATE TABLE IF NOT EXISTS decision_periods (period TEXT PRIMARY KEY);
CREATE TABLE IF NOT EXISTS decision_counts (system_id TEXT NOT NULL, period TEXT NOT NULL, decisions BIGINT NOT NULL,
  reviewed BIGINT NOT NULL, overridden BIGINT NOT NULL, people BIGINT NOT NULL, PRIMARY KEY (system_id, period));
CREATE TABLE IF NOT EXISTS decision_subjects (system_id TEXT NOT NULL, period TEXT NOT NULL, subject TEXT NOT NULL,
  PRIMARY KEY (system_id, period, subject));
CREATE TABLE IF NOT EXISTS decision_findings (system_id TEXT NOT NULL, key TEXT NOT NULL, kind TEXT NOT NULL,
  detail TEXT NOT NULL, outcome TEXT NOT NULL, at TEXT NOT NULL, PRIMARY KEY (system_id, key));
CREATE TABLE IF NOT EXISTS decisions (system_id TEXT NOT NULL, decision_id TEXT NOT NULL, period TEXT NOT NULL,
  decided_at TEXT NOT NULL, record TEXT NOT NULL, PRIMARY KEY (period, system_id, decision_id)) PARTITION BY RANGE (period);
CREATE INDEX IF NOT EXISTS decisions_time ON decisions (system_id, decided_at, decision_id);`,
    },
  },
];

const PERIOD = /^(\d{4})-(\d{2})$/;

/** The table (SQLite) or partition (PostgreSQL) holding one month's decisions; refuses anything but `YYYY-MM`. */
export function monthTable(period: string): string {
  const m = PERIOD.exec(period);
  if (!m) throw new RangeError(`not a month: ${period}`);
  return `decisions_${m[1]}_${m[2]}`;
}

/**
 * The statements that create a month's table, from `period` to the month after (`next`), as the engine spells them.
 * Both months are checked to be `YYYY-MM` first: DDL takes no parameters, so nothing else may reach it.
 */
export function createMonthSql(dialect: SqlDialect, period: string, next: string): string[] {
  const table = monthTable(period);
  monthTable(next);
  if (dialect === 'postgres') return [`CREATE TABLE IF NOT EXISTS ${table} PARTITION OF decisions FOR VALUES FROM ('${period}') TO ('${next}')`];
  return [
    `CREATE TABLE IF NOT EXISTS ${table} (system_id TEXT NOT NULL, decision_id TEXT NOT NULL, period TEXT NOT NULL,
  decided_at TEXT NOT NULL, record TEXT NOT NULL, PRIMARY KEY (system_id, decision_id)) WITHOUT ROWID`,
    `CREATE INDEX IF NOT EXISTS ${table}_time ON ${table} (system_id, decided_at, decision_id)`,
  ];
}
