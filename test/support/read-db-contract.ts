import { describe, expect, it } from 'vitest';
import { ReadDbError, type Migration, type ReadDb } from '../../adapters/read-db/read-db.ts';

const NOTES: Migration[] = [
  { id: 'notes', sql: 'CREATE TABLE notes (id TEXT PRIMARY KEY, body TEXT NOT NULL, n BIGINT NOT NULL)' },
  {
    id: 'notes-seq',
    sql: {
      sqlite: 'CREATE TABLE note_log (seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL)',
      postgres: 'CREATE TABLE note_log (seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, id TEXT NOT NULL)',
    },
  },
];

/**
 * The behaviour every read-side engine must show, as one body run against SQLite (unit) and a real PostgreSQL
 * (integration). `open` gives a fresh, empty database each call; `reopen` the same one again.
 */
export function readDbContract(engine: string, open: () => Promise<ReadDb>, reopen: (db: ReadDb) => Promise<ReadDb>): void {
  describe(`the read-side database on ${engine}`, () => {
    it('binds numbered placeholders, reused and out of order, and returns integers as numbers', async () => {
      const db = await open();
      await db.migrate('contract', NOTES);
      await db.run('INSERT INTO notes (id, body, n) VALUES ($2, $1, $3)', ["it's $1 here", 'a', 9_007_199_254_740]);
      const rows = await db.query<{ id: string; body: string; n: number }>(
        'SELECT id, body, n FROM notes WHERE id = $1 OR body = $1',
        ['a'],
      );
      expect(rows).toEqual([{ id: 'a', body: "it's $1 here", n: 9_007_199_254_740 }]);
      const count = await db.one<{ c: number }>('SELECT count(*) AS c FROM notes');
      expect(count).toEqual({ c: 1 });
      expect(await db.one('SELECT id FROM notes WHERE id = $1', ['none'])).toBeUndefined();
      await db.close();
    });

    it('commits a transaction as a whole and rolls back all of it when the work throws', async () => {
      const db = await open();
      await db.migrate('contract', NOTES);
      await db.transaction(async (tx) => {
        await tx.run('INSERT INTO notes (id, body, n) VALUES ($1, $2, $3)', ['kept', 'x', 1]);
        await tx.run('INSERT INTO note_log (id) VALUES ($1)', ['kept']);
      });
      await expect(
        db.transaction(async (tx) => {
          await tx.run('INSERT INTO notes (id, body, n) VALUES ($1, $2, $3)', ['lost', 'x', 2]);
          throw new Error('halfway');
        }),
      ).rejects.toThrow('halfway');
      const ids = await db.query<{ id: string }>('SELECT id FROM notes ORDER BY id');
      expect(ids.map((r) => r.id)).toEqual(['kept']);
      const changed = await db.run('UPDATE notes SET n = n + 1 WHERE body = $1', ['x']);
      expect(changed.changes).toBe(1);
      await db.close();
    });

    it('keeps concurrent transactions apart: each sees its own writes and the total is exact', async () => {
      const db = await open();
      await db.migrate('contract', NOTES);
      await db.run('INSERT INTO notes (id, body, n) VALUES ($1, $2, $3)', ['counter', 'c', 0]);
      // PostgreSQL's read committed needs the row lock; SQLite runs one transaction at a time.
      const lock = db.dialect === 'postgres' ? ' FOR UPDATE' : '';
      await Promise.all(
        Array.from({ length: 20 }, () =>
          db.transaction(async (tx) => {
            const row = await tx.one<{ n: number }>(`SELECT n FROM notes WHERE id = $1${lock}`, ['counter']);
            await tx.run('UPDATE notes SET n = $1 WHERE id = $2', [row!.n + 1, 'counter']);
          }),
        ),
      );
      expect(await db.one('SELECT n FROM notes WHERE id = $1', ['counter'])).toEqual({ n: 20 });
      await db.close();
    });

    it('applies each migration once, adds new steps later, and refuses a changed or unknown step', async () => {
      const first = await open();
      await first.migrate('contract', NOTES.slice(0, 1));
      await first.run('INSERT INTO notes (id, body, n) VALUES ($1, $2, $3)', ['survives', 'x', 1]);
      const db = await reopen(first);
      await db.migrate('contract', NOTES);
      await db.migrate('contract', NOTES);
      await db.run('INSERT INTO note_log (id) VALUES ($1)', ['survives']);
      expect(await db.one('SELECT id FROM notes')).toEqual({ id: 'survives' });
      const renamed = [NOTES[0]!, { ...NOTES[1]!, id: 'renamed' }];
      await expect(db.migrate('contract', renamed)).rejects.toThrow(/applied as "notes-seq" but is now "renamed"/);
      await expect(db.migrate('contract', NOTES.slice(0, 1))).rejects.toBeInstanceOf(ReadDbError);
      // Another module's list is its own.
      await db.migrate('other', [{ id: 'other', sql: 'CREATE TABLE other_things (id TEXT PRIMARY KEY)' }]);
      await db.close();
    });
  });
}
