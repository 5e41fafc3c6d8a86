import Database from 'better-sqlite3';
import { applyMigrations } from './migrate.ts';
import type { Migration, ReadDb, SqlRunner, SqlValue } from './read-db.ts';

// `$1` placeholders become `?` with the values in the order they are referenced (a `$n` may be used twice);
// quoted literals are left alone.
const PLACEHOLDER = /'(?:[^']|'')*'|"(?:[^"]|"")*"|\$(\d+)/g;

/** Rewrites a statement written with `$n` placeholders for better-sqlite3, with its values in binding order. */
export function toSqlite(sql: string, params: readonly SqlValue[]): { sql: string; values: SqlValue[] } {
  const values: SqlValue[] = [];
  const rewritten = sql.replace(PLACEHOLDER, (match, n: string | undefined) => {
    if (n === undefined) return match;
    const index = Number(n) - 1;
    if (index < 0 || index >= params.length) throw new RangeError(`placeholder $${n} has no value (${params.length} given)`);
    values.push(params[index]!);
    return '?';
  });
  return { sql: rewritten, values };
}

/**
 * The embedded read side: one SQLite file (WAL, so other processes may read while this one writes). Calls run one
 * at a time in arrival order: a transaction's awaits cannot let another statement see or join its uncommitted rows.
 */
export function openSqliteReadDb(path: string): ReadDb {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  // Another process (a rebuild, a second reader) may hold the write lock for a moment.
  db.pragma('busy_timeout = 5000');
  const statements = new Map<string, Database.Statement>();
  const prepare = (sql: string) => {
    let s = statements.get(sql);
    if (!s) {
      s = db.prepare(sql);
      statements.set(sql, s);
    }
    return s;
  };
  const runner: SqlRunner = {
    dialect: 'sqlite',
    query: async <Row extends object>(sql: string, params: readonly SqlValue[] = []) => {
      const q = toSqlite(sql, params);
      return prepare(q.sql).all(...q.values) as Row[];
    },
    one: async <Row extends object>(sql: string, params: readonly SqlValue[] = []) => {
      const q = toSqlite(sql, params);
      return prepare(q.sql).get(...q.values) as Row | undefined;
    },
    run: async (sql, params = []) => {
      const q = toSqlite(sql, params);
      return { changes: prepare(q.sql).run(...q.values).changes };
    },
  };

  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(work: () => Promise<T>): Promise<T> => {
    const next = queue.then(work, work);
    queue = next.catch(() => undefined);
    return next;
  };
  const transaction = <T>(work: (tx: SqlRunner) => Promise<T>): Promise<T> =>
    serial(async () => {
      // IMMEDIATE takes the write lock up front, so two processes never deadlock upgrading a read lock.
      db.exec('BEGIN IMMEDIATE');
      try {
        const result = await work(runner);
        db.exec('COMMIT');
        return result;
      } catch (err) {
        if (db.inTransaction) db.exec('ROLLBACK');
        throw err;
      }
    });

  return {
    dialect: 'sqlite',
    description: path,
    query: <Row extends object>(sql: string, params?: readonly SqlValue[]) =>
      serial(() => runner.query<Row>(sql, params)),
    one: <Row extends object>(sql: string, params?: readonly SqlValue[]) => serial(() => runner.one<Row>(sql, params)),
    run: (sql, params) => serial(() => runner.run(sql, params)),
    transaction,
    migrate: (module: string, migrations: readonly Migration[]) =>
      transaction((tx) => applyMigrations(tx, module, migrations, async (sql) => void db.exec(sql))),
    close: () => serial(async () => void db.close()),
  };
}
