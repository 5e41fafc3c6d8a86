import { describe, expect, it } from 'vitest';
import { openPostgresReadDb } from '../../adapters/read-db/postgres.ts';
import { ReadDbError } from '../../adapters/read-db/read-db.ts';
import { readDbContract } from '../support/read-db-contract.ts';
import { freshPostgresUrl } from './helpers/read-dbs.ts';

const urls = new WeakMap<object, string>();

readDbContract(
  'PostgreSQL',
  async () => {
    const url = await freshPostgresUrl();
    const db = await openPostgresReadDb(url);
    urls.set(db, url);
    return db;
  },
  async (db) => {
    const url = urls.get(db)!;
    await db.close();
    return openPostgresReadDb(url);
  },
);

describe('the PostgreSQL read side', () => {
  it('fails at once, naming the server but not the password, when it cannot be reached', async () => {
    const failure = await openPostgresReadDb('postgres://govflow:s3cret@127.0.0.1:1/govflow').catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ReadDbError);
    expect((failure as ReadDbError).message).toMatch(/^cannot reach the read-side database postgres:\/\/127\.0\.0\.1:1\/govflow/);
    expect((failure as ReadDbError).message).not.toContain('s3cret');
  });

  it('applies a migration once when two processes start at the same moment', async () => {
    const url = await freshPostgresUrl();
    const [a, b] = await Promise.all([openPostgresReadDb(url), openPostgresReadDb(url)]);
    const steps = [{ id: 'one', sql: 'CREATE TABLE once (id TEXT PRIMARY KEY)' }];
    await Promise.all([a.migrate('race', steps), b.migrate('race', steps)]);
    expect(await a.query('SELECT module, step, id FROM read_db_migrations')).toEqual([{ module: 'race', step: 0, id: 'one' }]);
    await Promise.all([a.close(), b.close()]);
  });
});
