import { z } from 'zod';

/** The parts of an ISO 8601 duration; every part is a non-negative number (seconds may be fractional). */
export interface DurationParts {
  readonly years: number;
  readonly months: number;
  readonly weeks: number;
  readonly days: number;
  readonly hours: number;
  readonly minutes: number;
  readonly seconds: number;
}

const PATTERN =
  /^P(?:(\d{1,4})Y)?(?:(\d{1,4})M)?(?:(\d{1,4})W)?(?:(\d{1,5})D)?(?:T(?:(\d{1,6})H)?(?:(\d{1,6})M)?(?:(\d{1,8}(?:\.\d{1,3})?)S)?)?$/;

/** Parses an ISO 8601 duration (`P6M`, `P14D`, `PT30S`, `P1Y2M3DT4H5M6S`), or returns null if it is not one. */
export function parseDuration(text: string): DurationParts | null {
  const m = PATTERN.exec(text);
  if (!m || text === 'P' || text.endsWith('T')) return null;
  const n = (i: number): number => (m[i] === undefined ? 0 : Number(m[i]));
  const parts = { years: n(1), months: n(2), weeks: n(3), days: n(4), hours: n(5), minutes: n(6), seconds: n(7) };
  return Object.values(parts).some((v) => v > 0) ? parts : null;
}

/** A non-zero ISO 8601 duration, kept as its text so packs and events stay readable. */
export const IsoDuration = z
  .string()
  .max(40)
  .refine((s) => parseDuration(s) !== null, {
    message: 'must be a non-zero ISO 8601 duration such as P6M, P14D or PT30S',
  });
export type IsoDuration = z.infer<typeof IsoDuration>;

function mustParse(duration: string): DurationParts {
  const parts = parseDuration(duration);
  if (!parts) throw new RangeError(`not an ISO 8601 duration: ${duration}`);
  return parts;
}

function shift(epochMs: number, p: DurationParts, sign: 1 | -1): number {
  const d = new Date(epochMs);
  // Calendar part first, clamped to the month's last day (31 Jan + P1M = 28/29 Feb), as java.time and Temporal do.
  const totalMonths = d.getUTCFullYear() * 12 + d.getUTCMonth() + sign * (p.years * 12 + p.months);
  const year = Math.floor(totalMonths / 12);
  const month = totalMonths - year * 12;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const day = Math.min(d.getUTCDate(), lastDay);
  const base = Date.UTC(
    year,
    month,
    day,
    d.getUTCHours(),
    d.getUTCMinutes(),
    d.getUTCSeconds(),
    d.getUTCMilliseconds(),
  );
  // Days are 24-hour UTC days: the engine works in UTC, so there is no daylight-saving ambiguity.
  const exact = ((((p.weeks * 7 + p.days) * 24 + p.hours) * 60 + p.minutes) * 60 + p.seconds) * 1000;
  return base + sign * Math.round(exact);
}

/** Adds an ISO 8601 duration to an epoch-ms instant, calendar-correctly for years and months (UTC). */
export function addDuration(epochMs: number, duration: string): number {
  return shift(epochMs, mustParse(duration), 1);
}

/** Subtracts an ISO 8601 duration from an epoch-ms instant (e.g. a reminder due `PT10S` before a deadline). */
export function subtractDuration(epochMs: number, duration: string): number {
  return shift(epochMs, mustParse(duration), -1);
}

// A fixed reference instant makes duration comparison deterministic (2000-01-31 exercises month-end clamping).
const REFERENCE = Date.UTC(2000, 0, 31);

/** Orders two durations by their length from a fixed reference instant: negative if a is shorter than b. */
export function compareDurations(a: string, b: string): number {
  return addDuration(REFERENCE, a) - addDuration(REFERENCE, b);
}
