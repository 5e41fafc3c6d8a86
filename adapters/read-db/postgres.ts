import pg from 'pg';
import { applyMigrations } from './migrate.ts';
import { ReadDbError, type Migration, type ReadDb, type SqlRunner, type SqlValue } from './read-db.ts';

// BIGINT (and count(*)) come back as JS numbers, as SQLite gives them: sequences and offsets stay far below 2^53.
const INT8_OID = 20;
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

// Any fixed key: migrations of every module take it, so two processes starting at once apply each step once.
const MIGRATION_LOCK = 0x60f10;

type Queryable = Pick<pg.Pool, 'query'> | pg.PoolClient;

const runnerOver = (q: Queryable): SqlRunner => ({
  dialect: 'postgres',
  query: async <Row extends object>(sql: string, params: readonly SqlValue[] = []) =>
    (await q.query(sql, params as SqlValue[])).rows as Row[],
  one: async <Row extends object>(sql: string, params: readonly SqlValue[] = []) =>
    (await q.query(sql, params as SqlValue[])).rows[0] as Row | undefined,
  run: async (sql, params = []) => ({ changes: (await q.query(sql, params as SqlValue[])).rowCount ?? 0 }),
});

/** `postgres://host:port/db` of a connection string, without user or password, for logs and errors. */
export function describePostgresUrl(url: string): string {
  try {
    const u = new URL(url);
    return `postgres://${u.host}${u.pathname}`;
  } catch {
    return 'postgres (unparsable URL)';
  }
}

/**
 * The shared read side: a pool on one PostgreSQL database. Fails at once, with the server named, when it cannot be
 * reached, rather than at the first read.
 */
export async function openPostgresReadDb(url: string, opts: { maxConnections?: number } = {}): Promise<ReadDb> {
  const description = describePostgresUrl(url);
  const pool = new pg.Pool({ connectionString: url, max: opts.maxConnections ?? 10, types });
  // An idle client whose server went away emits here; without a listener that would end the process.
  pool.on('error', () => undefined);
  try {
    await pool.query('SELECT 1');
  } catch (err) {
    await pool.end().catch(() => undefined);
    throw new ReadDbError('read_db_unavailable', `cannot reach the read-side database ${description}: ${(err as Error).message}`);
  }
  const transaction = async <T>(work: (tx: SqlRunner) => Promise<T>): Promise<T> => {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const result = await work(runnerOver(client));
      await client.query('COMMIT');
      return result;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  };
  const migrate = (module: string, migrations: readonly Migration[]) =>
    transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
      await applyMigrations(tx, module, migrations, async (sql) => void (await tx.run(sql)));
    });
  return { ...runnerOver(pool), description, transaction, migrate, close: () => pool.end() };
}
