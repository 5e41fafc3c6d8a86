import type { SystemFacts } from './facts.ts';

/**
 * Facts bucketed by year, so an indicators query reads only the years of its window. Each item of a system's facts
 * (a stage entered, a round, a condition...) has a span: the earliest and latest instant it holds, open-ended while it
 * is still open (a round not closed, a condition neither met nor superseded). Every indicator of a window `[from, at)`
 * looks only at items whose span meets `[from, at]` (counted in it, or still open at `at`), so a window needs:
 *
 * - the system's **base** bucket (year {@link OPEN_BUCKET}): its scalar facts and every item still open;
 * - the **year** buckets from the year of `from` to the year of `at`: each closed item, in every year its span meets.
 *
 * Items keep their position in the system's list (`[index, item]`), so a merge restores the order exactly and an
 * item in several buckets is taken once. Lists this module does not know are kept whole in the base bucket.
 */

/** The year key of the base bucket (scalars and open items); year buckets use the calendar year (UTC). */
export const OPEN_BUCKET = 9999;

type Listed = 'stages' | 'rounds' | 'approvals' | 'conditions' | 'incidents' | 'reReviews' | 'transparency' | 'suspensions';
type Item<K extends Listed> = SystemFacts[K][number];
/** An item's instants, and whether it is still open (its span has no end yet). */
type Span = { readonly times: readonly (number | null)[]; readonly open: boolean };

const SPANS: { readonly [K in Listed]: (item: Item<K>, next: Item<K> | undefined) => Span } = {
  // A stage lasts until the next one is entered; the last one is open.
  stages: ([, t], next) => ({ times: [t, next?.[1] ?? null], open: next === undefined }),
  rounds: (r) => ({ times: [r.opensAt, r.deadline, r.closedAt, r.escalatedAt, ...r.acted.map(([, t]) => t)], open: r.closedAt === null }),
  approvals: (a) => ({ times: [a.at], open: false }),
  conditions: (c) => ({ times: [c.approvedAt, c.dueAt, c.satisfiedAt, c.supersededAt], open: c.satisfiedAt === null && c.supersededAt === null }),
  incidents: (i) => ({ times: [i.reportedAt, i.causalLinkAt, i.reportDueAt], open: false }),
  reReviews: (r) => ({ times: [r.dueAt, r.deadline, r.decidedAt], open: r.decidedAt === null }),
  transparency: (r) => ({ times: [r.dueAt, r.submittedAt], open: r.submittedAt === null }),
  suspensions: (s) => ({ times: [s.from, s.to], open: s.to === null }),
};
const LISTED = Object.keys(SPANS) as Listed[];

/** What one bucket holds: the listed items that fall in it, by list; the base bucket also holds the rest of the facts. */
export type FactsBucket = { lists: Partial<Record<Listed, [number, unknown][]>> } & Partial<Omit<SystemFacts, Listed>>;

const yearOf = (t: number): number => new Date(t).getUTCFullYear();

/** The buckets of one system's facts, by year key. */
export function bucketFacts(f: SystemFacts): Map<number, FactsBucket> {
  const rest: Record<string, unknown> = { ...f };
  for (const k of LISTED) delete rest[k];
  const out = new Map<number, FactsBucket>([[OPEN_BUCKET, { ...(rest as Omit<SystemFacts, Listed>), lists: {} }]]);
  const put = (year: number, list: Listed, entry: [number, unknown]) => {
    let b = out.get(year);
    if (!b) out.set(year, (b = { lists: {} }));
    (b.lists[list] ??= []).push(entry);
  };
  for (const list of LISTED) {
    const items = f[list] as readonly Item<Listed>[];
    const span = SPANS[list] as (item: Item<Listed>, next: Item<Listed> | undefined) => Span;
    items.forEach((item, i) => {
      const s = span(item, items[i + 1]);
      const times = s.times.filter((t): t is number => t !== null);
      if (s.open || times.length === 0) return put(OPEN_BUCKET, list, [i, item]);
      for (let y = yearOf(Math.min(...times)); y <= yearOf(Math.max(...times)); y += 1) put(y, list, [i, item]);
    });
  }
  return out;
}

/** The years of buckets a window `[from, at)` needs besides the base bucket. */
export const bucketYears = (from: number, at: number): { first: number; last: number } => ({ first: yearOf(from), last: yearOf(at) });

/**
 * One system's facts from its base bucket and the year buckets of a window: complete for the indicators of any window
 * within those years (not for the register of the report, which reads a system's whole history).
 */
export function mergeBuckets(base: FactsBucket, years: readonly FactsBucket[]): SystemFacts {
  const { lists, ...rest } = base;
  const merged: Record<string, unknown> = { ...rest };
  for (const list of LISTED) {
    const byIndex = new Map<number, unknown>();
    for (const b of [base, ...years]) for (const [i, item] of b.lists[list] ?? []) byIndex.set(i, item);
    merged[list] = [...byIndex].sort((a, b) => a[0] - b[0]).map(([, item]) => item);
  }
  void lists;
  return merged as SystemFacts;
}
