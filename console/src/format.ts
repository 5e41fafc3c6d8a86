import type { Lang } from './i18n.ts';

/** A date and time in the reader's own time zone and language. */
export function dateTime(lang: Lang, iso: string): string {
  return new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}

/** A span of time in words ("3 hours", "2 days"), rounded to its largest unit. */
export function span(lang: Lang, ms: number): string {
  const abs = Math.abs(ms);
  const units: [Intl.RelativeTimeFormatUnit, number][] = [['day', 86_400_000], ['hour', 3_600_000], ['minute', 60_000], ['second', 1000]];
  const [unit, size] = units.find(([, n]) => abs >= n) ?? ['second', 1000];
  const n = Math.max(1, Math.round(abs / size));
  return new Intl.NumberFormat(lang, { style: 'unit', unit, unitDisplay: 'long' }).format(n);
}

/** An ISO 8601 duration of a pack (`P6M`, `PT20S`) as it is written: packs say it that way. */
export const duration = (iso: string): string => iso;
