import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { openPostgresReadDb } from '../../../adapters/read-db/postgres.ts';
import type { ReadDb } from '../../../adapters/read-db/read-db.ts';
import { openSqliteReadDb } from '../../../adapters/read-db/sqlite.ts';
import { testConfig, uniqueName } from './temporal.ts';

/**
 * The stack's PostgreSQL (`scripts/postgres.sh`): `GOVFLOW_TEST_PG_URL` when given, else the local cluster on
 * `GOVFLOW_PG_PORT` with the password it generated in the state folder.
 */
export function testPostgresUrl(): string {
  if (process.env.GOVFLOW_TEST_PG_URL) return process.env.GOVFLOW_TEST_PG_URL;
  const passwordFile = join(testConfig.GOVFLOW_STATE_DIR, 'postgres', 'password');
  if (!existsSync(passwordFile))
    throw new Error(
      `no PostgreSQL cluster in ${passwordFile}: start it with GOVFLOW_STACK_POSTGRES=1 npm run stack:up (npm test does this for you)`,
    );
  const password = readFileSync(passwordFile, 'utf8').trim();
  return `postgres://govflow:${encodeURIComponent(password)}@127.0.0.1:${process.env.GOVFLOW_PG_PORT ?? '5433'}/govflow`;
}

/** A URL on the stack's PostgreSQL whose tables live in a schema of their own (created here), so tests never meet. */
export async function freshPostgresUrl(): Promise<string> {
  const base = testPostgresUrl();
  const schema = uniqueName('t').replace(/[^a-z0-9_]/gi, '_').toLowerCase();
  const admin = await openPostgresReadDb(base, { maxConnections: 1 });
  try {
    await admin.run(`CREATE SCHEMA ${schema}`);
  } finally {
    await admin.close();
  }
  return `${base}?options=${encodeURIComponent(`-c search_path=${schema}`)}`;
}

/** One read-side engine a parameterised test runs on; `url` is what GOVFLOW_READ_DB_URL would be (none: SQLite). */
export interface TestEngine {
  readonly name: 'SQLite' | 'PostgreSQL';
  /** A fresh, empty read side: a new file, or a new schema. */
  fresh(): Promise<{ open: () => Promise<ReadDb>; url: string | undefined; stateDir: string }>;
}

/** The two engines the read side's tests run on, with the same test body. */
export const testEngines: readonly TestEngine[] = [
  {
    name: 'SQLite',
    fresh: async () => {
      const stateDir = mkdtempSync(join(tmpdir(), 'govflow-read-'));
      return { open: async () => openSqliteReadDb(join(stateDir, 'read-side.sqlite')), url: undefined, stateDir };
    },
  },
  {
    name: 'PostgreSQL',
    fresh: async () => {
      const url = await freshPostgresUrl();
      const stateDir = mkdtempSync(join(tmpdir(), 'govflow-read-'));
      return { open: () => openPostgresReadDb(url), url, stateDir };
    },
  },
];
