import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openSqliteReadDb, toSqlite } from '../../adapters/read-db/sqlite.ts';
import { readDbContract } from '../support/read-db-contract.ts';

const dir = mkdtempSync(join(tmpdir(), 'govflow-read-db-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;

readDbContract(
  'SQLite',
  async () => openSqliteReadDb(join(dir, `db-${(n += 1)}.sqlite`)),
  async (db) => {
    await db.close();
    return openSqliteReadDb(db.description);
  },
);

describe('placeholders for SQLite', () => {
  it('binds each $n in the order it appears and leaves quoted text alone', () => {
    expect(toSqlite(`SELECT '$1', "a$2" FROM t WHERE a = $2 AND b = $1 OR c = $2`, ['one', 'two'])).toEqual({
      sql: `SELECT '$1', "a$2" FROM t WHERE a = ? AND b = ? OR c = ?`,
      values: ['two', 'one', 'two'],
    });
  });

  it('refuses a placeholder without a value', () => {
    expect(() => toSqlite('SELECT $3', ['a'])).toThrow('placeholder $3 has no value (1 given)');
  });
});
