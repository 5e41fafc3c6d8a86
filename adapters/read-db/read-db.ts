/**
 * The read side's database: one async interface over SQLite (embedded, the default) and PostgreSQL (several API
 * instances sharing one read side).
 *
 * Usage. Open it once per process with `openReadDb(...)` (`adapters/read-db/open-read-db.ts`), then let each module
 * bring its own tables with `await db.migrate('my-module', MY_MIGRATIONS)`: a forward-only list, applied in order,
 * each step recorded by module and position, so adding a step at the end is the only way to change a schema (an
 * applied step whose id changed is refused). Write SQL once for both engines with numbered placeholders (`$1`, `$2`,
 * reusable) and values as parameters, never spliced in: the SQLite adapter rewrites the placeholders. Portable SQL
 * means `TEXT`, `INTEGER`/`BIGINT` (both come back as JS numbers), `INSERT ... ON CONFLICT (...) DO UPDATE|NOTHING`,
 * `lower(x) LIKE lower($1)` for search, JSON kept as `TEXT`, booleans as 0/1; where the engines differ (identity
 * columns, indexes on expressions) give a migration `{ sqlite, postgres }`. Group writes that must land together in
 * `db.transaction(async (tx) => ...)` and use only `tx` inside it (the SQLite adapter runs one transaction at a time
 * and queues everything else behind it, so a call on `db` inside would wait for itself).
 */

/** A value a query may bind: booleans go in as 0/1, JSON as text. */
export type SqlValue = string | number | bigint | null;

/** Which engine is behind a ReadDb, for the rare statement the two spell differently. */
export type SqlDialect = 'sqlite' | 'postgres';

/** Runs statements; a ReadDb outside a transaction, or the handle a transaction gives its work. */
export interface SqlRunner {
  readonly dialect: SqlDialect;
  /** Every row the statement returns. */
  query<Row extends object = Record<string, unknown>>(sql: string, params?: readonly SqlValue[]): Promise<Row[]>;
  /** The first row, or undefined when there is none. */
  one<Row extends object = Record<string, unknown>>(sql: string, params?: readonly SqlValue[]): Promise<Row | undefined>;
  /** A statement run for its effect; `changes` is the number of rows it inserted, updated or deleted. */
  run(sql: string, params?: readonly SqlValue[]): Promise<{ changes: number }>;
}

/** One step of a module's schema; `sql` may hold several statements. */
export interface Migration {
  /** A name for the step, recorded when applied; renaming an applied step is refused. */
  readonly id: string;
  readonly sql: string | { readonly sqlite: string; readonly postgres: string };
}

/** The read-side database. */
export interface ReadDb extends SqlRunner {
  /** Runs `work` in one transaction: committed when it resolves, rolled back when it throws (the error is rethrown). */
  transaction<T>(work: (tx: SqlRunner) => Promise<T>): Promise<T>;
  /** Applies the steps of `module` not applied yet, in one transaction; safe when several processes start at once. */
  migrate(module: string, migrations: readonly Migration[]): Promise<void>;
  /** Where it lives, without credentials: a file path or `postgres://host:port/db`. */
  readonly description: string;
  close(): Promise<void>;
}

/** A refusal of the read-side database with a stable code (a bad migration list, an unreachable server). */
export class ReadDbError extends Error {
  constructor(
    readonly code: 'migration_changed' | 'migration_unknown' | 'read_db_unavailable',
    message: string,
  ) {
    super(message);
    this.name = 'ReadDbError';
  }
}

/** The statement of a migration for one engine. */
export const migrationSql = (m: Migration, dialect: SqlDialect): string =>
  typeof m.sql === 'string' ? m.sql : m.sql[dialect];
