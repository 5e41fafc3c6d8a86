import { describe, expect, it } from 'vitest';
import { expired } from '../../../adapters/decision-store.ts';
import { openSqliteDecisionStore } from '../../../adapters/sqlite-decision-store.ts';
import { DecisionRecord } from '../../../events/decision-record.ts';

const digest = (n: number) => `sha256:${n.toString(16).padStart(64, '0')}`;
const rec = (id: string, decidedAt: string, extra: Partial<DecisionRecord> = {}): DecisionRecord =>
  DecisionRecord.parse({ systemId: 'credit-scoring', modelVersion: '1.0.0', decisionId: id, decidedAt, inputDigest: digest(1), output: 'ok', ...extra });

describe('the decision store', () => {
  it('stores each decision once, and counts reviews, overrides and distinct people per month', async () => {
    const store = openSqliteDecisionStore(':memory:');
    const review = { reviewed: true, overridden: true, by: 'rahul-k' };
    expect(await store.insert([
      rec('a', '2026-05-31T23:59:59+00:00', { subjectDigest: digest(7) }),
      rec('b', '2026-06-01T00:30:00+02:00', { subjectDigest: digest(7) }), // 2026-05-31T22:30Z: May, same person
      rec('c', '2026-06-02T10:00:00Z', { review }),
      rec('a', '2026-05-31T23:59:59Z'),
    ])).toEqual([true, true, true, false]);
    expect(await store.counts('credit-scoring', '2026-05')).toEqual({ decisions: 2, reviewed: 0, overridden: 0, peopleAffected: 1 });
    expect(await store.counts('credit-scoring', '2026-06')).toEqual({ decisions: 1, reviewed: 1, overridden: 1, peopleAffected: 1 });
    expect(await store.periods()).toEqual(['2026-05', '2026-06']);
    await store.close();
  });

  it('exports a range across months in time order', async () => {
    const store = openSqliteDecisionStore(':memory:');
    await store.insert([rec('z', '2026-07-01T00:00:00Z'), rec('y', '2026-06-15T00:00:00Z'), rec('x', '2026-05-20T00:00:00Z')]);
    const ids: string[] = [];
    for await (const r of store.export('credit-scoring', '2026-05-21T00:00:00.000Z', '2026-07-01T00:00:00.000Z')) ids.push(r.decisionId);
    expect(ids).toEqual(['y']);
    await store.close();
  });

  it('drops a month whole once its end is older than the retention, and keeps what a longer retention still needs', async () => {
    const store = openSqliteDecisionStore(':memory:');
    await store.insert([rec('old', '2026-01-10T00:00:00Z'), rec('kept', '2026-02-10T00:00:00Z'), rec('other', '2026-01-10T00:00:00Z', { systemId: 'long-kept' })]);
    const now = new Date('2026-07-15T00:00:00Z');
    // January ended 2026-02-01, more than six months before 15 July only for a retention of 5 months.
    expect(await store.dropExpired(now, () => 6)).toEqual([]);
    expect(await store.dropExpired(now, (s) => (s === 'long-kept' ? 12 : 5))).toEqual([]);
    expect(await store.counts('credit-scoring', '2026-01')).toMatchObject({ decisions: 0 });
    expect(await store.counts('long-kept', '2026-01')).toMatchObject({ decisions: 1 });
    expect(await store.dropExpired(now, () => 5)).toEqual(['2026-01']);
    expect(await store.periods()).toEqual(['2026-02']);
    await store.close();
  });

  it('keeps a finding once per key', async () => {
    const store = openSqliteDecisionStore(':memory:');
    const f = { systemId: 's-1', key: 'unapproved_version:2.0', kind: 'unapproved_version', detail: 'x', outcome: 'recorded', at: '2026-01-01T00:00:00.000Z' };
    expect(await store.addFinding(f)).toBe(true);
    expect(await store.addFinding({ ...f, detail: 'again' })).toBe(false);
    expect((await store.findings('s-1')).map((x) => x.detail)).toEqual(['x']);
    await store.close();
  });

  it.each([
    ['2026-01', 6, '2026-07-31T23:59:59Z', false],
    ['2026-01', 6, '2026-08-01T00:00:00Z', true],
    ['2025-12', 1, '2026-02-01T00:00:00Z', true],
  ])('month %s under %i months of retention expired at %s: %s', (period, months, now, yes) => {
    expect(expired(period, months, new Date(now))).toBe(yes);
  });
});
