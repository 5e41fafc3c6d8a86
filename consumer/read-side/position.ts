/**
 * What to do with the record at `offset` of a partition, given the last offset the read side applied there (stored
 * in the same transaction as the rows it produced) and the partition's first offset still on the broker.
 *
 * - `apply`: it is the next record (or the first one still kept, when the stored position fell behind retention);
 * - `applied`: folded before (a redelivery, or another instance got there first): skip it;
 * - `ahead`: records before it were never applied (the stored position was reset by a rebuild, or the consumer
 *   resumed from a position the database does not have): seek back to `from` and skip it.
 *
 * The lifecycle topic is written by an idempotent, non-transactional producer and never compacted, so its offsets
 * are contiguous: the next record is exactly `last + 1`.
 */
export type PositionCheck = { readonly verdict: 'apply' | 'applied' } | { readonly verdict: 'ahead'; readonly from: number };

export function checkPosition(offset: number, last: number | undefined, firstKept: number): PositionCheck {
  const next = Math.max(last === undefined ? 0 : last + 1, firstKept);
  if (offset < next) return { verdict: 'applied' };
  if (offset === next) return { verdict: 'apply' };
  return { verdict: 'ahead', from: next };
}
