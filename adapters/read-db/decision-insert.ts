import type { DecisionRecord } from '../../events/decision-record.ts';
import { monthTable } from './decision-schema.ts';
import type { SqlRunner, SqlValue } from './read-db.ts';

// Rows per statement: well inside SQLite's 32,766 and PostgreSQL's 65,535 bound values.
const CHUNK = 500;

const placeholders = (rows: number, columns: number): string =>
  Array.from({ length: rows }, (_, r) => `(${Array.from({ length: columns }, (_, c) => `$${r * columns + c + 1}`).join(', ')})`).join(', ');

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

/**
 * Inserts a batch inside the caller's transaction with a few multi-row statements (not three per record): the
 * decisions of each month, the new people, then one count update per system and month. A record already stored
 * (same system and decision id in its month, also twice in one batch) is skipped: false at its index.
 */
export async function insertBatch(tx: SqlRunner, records: readonly DecisionRecord[], periods: readonly string[]): Promise<boolean[]> {
  const fresh = records.map(() => false);
  const byMonth = new Map<string, number[]>();
  periods.forEach((p, i) => {
    const list = byMonth.get(p);
    if (list) list.push(i);
    else byMonth.set(p, [i]);
  });
  for (const [period, indexes] of byMonth) {
    for (const part of chunks(indexes)) {
      const values: SqlValue[] = part.flatMap((i) => {
        const r = records[i]!;
        return [r.systemId, r.decisionId, period, r.decidedAt, JSON.stringify(r)];
      });
      const inserted = await tx.query<{ system_id: string; decision_id: string }>(
        `INSERT INTO ${monthTable(period)} (system_id, decision_id, period, decided_at, record) VALUES ${placeholders(part.length, 5)}
         ON CONFLICT DO NOTHING RETURNING system_id, decision_id`,
        values,
      );
      const unclaimed = new Set(inserted.map((r) => `${r.system_id}\n${r.decision_id}`));
      // The first of two equal records in a batch is the one inserted.
      for (const i of part) fresh[i] = unclaimed.delete(`${records[i]!.systemId}\n${records[i]!.decisionId}`);
    }
  }
  const newPeople = await insertSubjects(tx, records, periods, fresh);
  const deltas = new Map<string, { s: string; p: string; n: number; r: number; o: number; people: number }>();
  records.forEach((rec, i) => {
    if (!fresh[i]) return;
    const key = `${rec.systemId}\n${periods[i]}`;
    const d = deltas.get(key) ?? { s: rec.systemId, p: periods[i]!, n: 0, r: 0, o: 0, people: 0 };
    d.n += 1;
    d.r += rec.review.reviewed ? 1 : 0;
    d.o += rec.review.overridden ? 1 : 0;
    // A record without a subject digest counts as one more person: the conservative reading of the declared scale.
    d.people += rec.subjectDigest === undefined || newPeople.has(i) ? 1 : 0;
    deltas.set(key, d);
  });
  for (const d of deltas.values()) {
    await tx.run(
      `INSERT INTO decision_counts (system_id, period, decisions, reviewed, overridden, people) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (system_id, period) DO UPDATE SET decisions = decision_counts.decisions + excluded.decisions,
       reviewed = decision_counts.reviewed + excluded.reviewed, overridden = decision_counts.overridden + excluded.overridden,
       people = decision_counts.people + excluded.people`,
      [d.s, d.p, d.n, d.r, d.o, d.people],
    );
  }
  return fresh;
}

/** Records the people (subject digests) of the fresh records; returns the indexes whose person is new this month. */
async function insertSubjects(tx: SqlRunner, records: readonly DecisionRecord[], periods: readonly string[], fresh: readonly boolean[]): Promise<Set<number>> {
  const withSubject = records.flatMap((r, i) => (fresh[i] && r.subjectDigest !== undefined ? [i] : []));
  const isNew = new Set<number>();
  for (const part of chunks(withSubject)) {
    const values: SqlValue[] = part.flatMap((i) => [records[i]!.systemId, periods[i]!, records[i]!.subjectDigest!]);
    const inserted = await tx.query<{ system_id: string; period: string; subject: string }>(
      `INSERT INTO decision_subjects (system_id, period, subject) VALUES ${placeholders(part.length, 3)}
       ON CONFLICT DO NOTHING RETURNING system_id, period, subject`,
      values,
    );
    const unclaimed = new Set(inserted.map((r) => `${r.system_id}\n${r.period}\n${r.subject}`));
    for (const i of part) if (unclaimed.delete(`${records[i]!.systemId}\n${periods[i]}\n${records[i]!.subjectDigest}`)) isNew.add(i);
  }
  return isNew;
}
