/** The nearest-rank percentile (p in 0..100) of the values; null for none. */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1] ?? null;
}

/** Milliseconds as hours to two decimals (null stays null). */
export const hours = (msValue: number | null): number | null =>
  msValue === null ? null : Math.round((msValue / 3_600_000) * 100) / 100;

/** num / den to four decimals; null when den is 0. */
export const share = (num: number, den: number): number | null => (den === 0 ? null : Math.round((num / den) * 10_000) / 10_000);

/** Adds one to a key of a count record. */
export function bump(counts: Record<string, number>, key: string | null): void {
  const k = key ?? 'unknown';
  counts[k] = (counts[k] ?? 0) + 1;
}
