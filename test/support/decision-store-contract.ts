import { describe, expect, it } from 'vitest';
import type { DecisionStore } from '../../adapters/decision-store.ts';
import { openDecisionStore } from '../../adapters/read-db/decision-store.ts';
import type { ReadDb } from '../../adapters/read-db/read-db.ts';
import { DecisionRecord } from '../../events/decision-record.ts';

const digest = (n: number) => `sha256:${n.toString(16).padStart(64, '0')}`;
const rec = (id: string, decidedAt: string, extra: Partial<DecisionRecord> = {}): DecisionRecord =>
  DecisionRecord.parse({ systemId: 'credit-scoring', modelVersion: '1.0.0', decisionId: id, decidedAt, inputDigest: digest(1), output: 'ok', ...extra });

/**
 * The decision store's behaviour, one body run on SQLite (unit) and on the real PostgreSQL (integration): `open`
 * gives a fresh, empty read-side database each call.
 */
export function decisionStoreContract(engine: string, open: () => Promise<ReadDb>): void {
  const withStore = async (work: (store: DecisionStore, db: ReadDb) => Promise<void>) => {
    const db = await open();
    try {
      await work(await openDecisionStore(db), db);
    } finally {
      await db.close();
    }
  };

  describe(`the decision store on ${engine}`, () => {
    it('stores each decision once, and counts reviews, overrides and distinct people per month', () =>
      withStore(async (store) => {
        const review = { reviewed: true, overridden: true, by: 'rahul-k' };
        expect(await store.insert([
          rec('a', '2026-05-31T23:59:59+00:00', { subjectDigest: digest(7) }),
          rec('b', '2026-06-01T00:30:00+02:00', { subjectDigest: digest(7) }), // 2026-05-31T22:30Z: May, same person
          rec('c', '2026-06-02T10:00:00Z', { review }),
          rec('a', '2026-05-31T23:59:59Z'),
        ])).toEqual([true, true, true, false]);
        expect(await store.insert([rec('c', '2026-06-02T10:00:00Z'), rec('d', '2026-06-03T10:00:00Z', { subjectDigest: digest(7) })])).toEqual([false, true]);
        expect(await store.counts('credit-scoring', '2026-05')).toEqual({ decisions: 2, reviewed: 0, overridden: 0, peopleAffected: 1 });
        // The same person in June is new to June.
        expect(await store.counts('credit-scoring', '2026-06')).toEqual({ decisions: 2, reviewed: 1, overridden: 1, peopleAffected: 2 });
        expect(await store.counts('credit-scoring', '2026-07')).toEqual({ decisions: 0, reviewed: 0, overridden: 0, peopleAffected: 0 });
        expect(await store.periods()).toEqual(['2026-05', '2026-06']);
      }));

    it('takes a batch larger than one statement holds, each record once', () =>
      withStore(async (store) => {
        const batch = Array.from({ length: 1_203 }, (_, i) => rec(`r-${i}`, `2026-03-${String((i % 28) + 1).padStart(2, '0')}T08:00:00Z`, { subjectDigest: digest(i % 300) }));
        const fresh = await store.insert([...batch, batch[5]!]);
        expect(fresh.filter(Boolean)).toHaveLength(1_203);
        expect(fresh.at(-1)).toBe(false);
        expect(await store.counts('credit-scoring', '2026-03')).toMatchObject({ decisions: 1_203, peopleAffected: 300 });
      }));

    it('exports a range across months in time order', () =>
      withStore(async (store) => {
        await store.insert([rec('z', '2026-07-01T00:00:00Z'), rec('y2', '2026-06-15T00:00:00Z'), rec('y1', '2026-06-15T00:00:00Z'), rec('x', '2026-05-20T00:00:00Z')]);
        const ids: string[] = [];
        for await (const r of store.export('credit-scoring', '2026-05-21T00:00:00.000Z', '2026-07-01T00:00:00.000Z')) ids.push(r.decisionId);
        expect(ids).toEqual(['y1', 'y2']);
      }));

    it('drops a month whole once its end is older than the retention, and keeps what a longer retention still needs', () =>
      withStore(async (store, db) => {
        await store.insert([rec('old', '2026-01-10T00:00:00Z'), rec('kept', '2026-02-10T00:00:00Z'), rec('other', '2026-01-10T00:00:00Z', { systemId: 'long-kept' })]);
        const now = new Date('2026-07-15T00:00:00Z');
        // January ended 2026-02-01, more than six months before 15 July only for a retention of 5 months.
        expect(await store.dropExpired(now, () => 6)).toEqual([]);
        expect(await store.dropExpired(now, async (s) => (s === 'long-kept' ? 12 : 5))).toEqual([]);
        expect(await store.counts('credit-scoring', '2026-01')).toMatchObject({ decisions: 0 });
        expect(await store.counts('long-kept', '2026-01')).toMatchObject({ decisions: 1 });
        expect(await store.dropExpired(now, () => 5)).toEqual(['2026-01']);
        expect(await store.periods()).toEqual(['2026-02']);
        // Dropped whole: the month's table is gone, not emptied.
        const table = db.dialect === 'postgres'
          ? "SELECT count(*) AS n FROM pg_tables WHERE tablename = 'decisions_2026_01' AND schemaname = current_schema()"
          : "SELECT count(*) AS n FROM sqlite_master WHERE name = 'decisions_2026_01'";
        expect(await db.one(table)).toEqual({ n: 0 });
        // A late record for a dropped month makes the month again.
        expect(await store.insert([rec('late', '2026-01-11T00:00:00Z')])).toEqual([true]);
      }));

    it('keeps a finding once per key', () =>
      withStore(async (store) => {
        const f = { systemId: 's-1', key: 'unapproved_version:2.0', kind: 'unapproved_version', detail: 'x', outcome: 'recorded', at: '2026-01-01T00:00:00.000Z' };
        expect(await store.hasFinding('s-1', f.key)).toBe(false);
        expect(await store.addFinding(f)).toBe(true);
        expect(await store.addFinding({ ...f, detail: 'again' })).toBe(false);
        expect(await store.hasFinding('s-1', f.key)).toBe(true);
        expect((await store.findings('s-1')).map((x) => x.detail)).toEqual(['x']);
      }));
  });
}
