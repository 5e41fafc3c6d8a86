import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReadDb } from '../../../adapters/read-db/read-db.ts';
import { openSqliteReadDb } from '../../../adapters/read-db/sqlite.ts';
import { encodeListCursor } from '../../../consumer/read-side/list-cursor.ts';
import { openReadSide, type ReadSide } from '../../../consumer/read-side/read-side.ts';
import { DomainError } from '../../../domain/errors.ts';
import { openSystem, seedFleet } from '../../../bench/read-side-fleet.ts';

const SYSTEMS = 230;
let db: ReadDb;
let readSide: ReadSide;

beforeAll(async () => {
  db = openSqliteReadDb(join(mkdtempSync(join(tmpdir(), 'govflow-inbox-')), 'read.sqlite'));
  readSide = await openReadSide(db);
  await seedFleet(db, 0, SYSTEMS);
});
afterAll(async () => readSide?.close());

const alice = { kind: 'related', sub: 'alice' } as const;

describe('the inbox, a page at a time', () => {
  it('walks every waiting round once, soonest deadline first, and ends with a null token', async () => {
    const seen: { systemId: string; deadline: string }[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = await readSide.pending(alice, 'alice', { pageSize: 50, pageToken: token });
      expect(page.items.length).toBeLessThanOrEqual(50);
      seen.push(...page.items);
      token = page.nextPageToken ?? undefined;
      pages += 1;
    } while (token);
    expect(pages).toBe(Math.ceil(SYSTEMS / 50));
    const expected = Array.from({ length: SYSTEMS }, (_, n) => openSystem(n))
      .map((s) => ({ systemId: s.systemId, deadline: s.review!.deadline }))
      .sort((a, b) => a.deadline.localeCompare(b.deadline) || a.systemId.localeCompare(b.systemId));
    expect(seen.map((p) => p.systemId)).toEqual(expected.map((e) => e.systemId));
  });

  it('is empty for one who has voted (grace) and for a caller who may read nothing', async () => {
    expect(await readSide.pending({ kind: 'related', sub: 'grace' }, 'grace', { pageSize: 50 })).toEqual({ items: [], nextPageToken: null });
    expect(await readSide.pending({ kind: 'none' }, 'alice', { pageSize: 50 })).toEqual({ items: [], nextPageToken: null });
    expect((await readSide.pending({ kind: 'related', sub: 'zed' }, 'alice', { pageSize: 50 })).items).toEqual([]);
  });

  it("refuses a system list's token, naming pageToken, rather than starting over", async () => {
    const token = encodeListCursor({ startedAt: '2026-01-01T00:00:00.000Z', systemId: 'bench-sys-1' });
    const err = await readSide.pending(alice, 'alice', { pageSize: 50, pageToken: token }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DomainError);
    expect((err as DomainError).issues?.map((i) => i.path)).toEqual(['pageToken']);
    const page = await readSide.pending(alice, 'alice', { pageSize: 5 });
    await expect(readSide.list({ kind: 'all' }, { pageSize: 5, pageToken: page.nextPageToken! })).rejects.toThrow(/pageToken/);
  });
});

/** SQLite's plan of a statement, one line per step. */
async function plan(sql: string, params: (string | number)[]): Promise<string> {
  const rows = await db.query<{ detail: string }>(`EXPLAIN QUERY PLAN ${sql}`, params);
  return rows.map((r) => r.detail).join('\n');
}

describe('the page queries read in index order (no sort of every matching row)', () => {
  it('the inbox walks (member, deadline, system_id) and probes the read scope by key', async () => {
    const p = await plan(
      `SELECT i.system_id FROM read_inbox i WHERE i.member = $1
       AND EXISTS (SELECT 1 FROM read_system_readers r WHERE r.reader = $2 AND r.system_id = i.system_id)
       ORDER BY i.deadline, i.system_id LIMIT $3`,
      ['alice', 'alice', 51],
    );
    expect(p).toMatch(/read_inbox_deadline/);
    expect(p).not.toMatch(/TEMP B-TREE/);
  });

  it('the system list, newest first, uses the index in that order', async () => {
    const p = await plan('SELECT system_id FROM read_systems WHERE name IS NOT NULL ORDER BY started_at DESC, system_id ASC LIMIT $1', [51]);
    expect(p).toMatch(/read_systems_newest/);
    expect(p).not.toMatch(/TEMP B-TREE/);
  });
});
