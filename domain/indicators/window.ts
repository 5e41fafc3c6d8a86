import { DomainError, ErrorCode, type FieldIssue } from '../errors.ts';

/** The span the indicators cover: `[from, to)` in epoch ms, and the instant "open" and "overdue" are judged at. */
export interface IndicatorWindow {
  readonly label: string;
  readonly from: number;
  readonly to: number;
  /** min(the asked "as of", `to`): nothing after it is counted. */
  readonly at: number;
}

const PERIOD = /^(\d{4})(?:-(H[12]|Q[1-4]|(0[1-9]|1[0-2])))?$/;

/** `2026`, `2026-H2`, `2026-Q3` or `2026-11` as `[from, to)` in UTC; undefined when it is none of these. */
export function parsePeriod(period: string): { from: number; to: number } | undefined {
  const m = PERIOD.exec(period);
  if (!m) return undefined;
  const year = Number(m[1]);
  const part = m[2];
  const months = (first: number, count: number) => ({ from: Date.UTC(year, first, 1), to: Date.UTC(year, first + count, 1) });
  if (part === undefined) return months(0, 12);
  if (part.startsWith('H')) return months((Number(part.slice(1)) - 1) * 6, 6);
  if (part.startsWith('Q')) return months((Number(part.slice(1)) - 1) * 3, 3);
  return months(Number(part) - 1, 1);
}

/** A date (`2026-07-01`, midnight UTC) or an instant with an offset; undefined when it is neither. */
function parseInstant(text: string): number | undefined {
  if (!/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$/.test(text)) return undefined;
  const t = Date.parse(text.length === 10 ? `${text}T00:00:00Z` : text);
  return Number.isNaN(t) ? undefined : t;
}

/** What a caller asks for: a named period, or from/to, and an optional "as of". */
export interface WindowRequest {
  readonly period?: string | undefined;
  readonly from?: string | undefined;
  readonly to?: string | undefined;
  readonly asOf?: string | undefined;
}

/**
 * Resolves the request to a window. `now` is the caller's clock (the API's), used when no "as of" is given; with no
 * period and no from/to the window is the half-year that holds the "as of". Every bad field is named at once.
 */
export function resolveWindow(q: WindowRequest, now: number): IndicatorWindow {
  const issues: FieldIssue[] = [];
  const bad = (path: string, message: string) => void issues.push({ path, message });
  const asOf = q.asOf === undefined ? now : parseInstant(q.asOf);
  if (asOf === undefined) bad('asOf', 'must be a date (2026-12-31) or an ISO 8601 instant with an offset');
  let span: { from: number; to: number } | undefined;
  let label = q.period ?? '';
  if (q.period !== undefined) {
    if (q.from !== undefined || q.to !== undefined) bad('period', 'give a period or from/to, not both');
    span = parsePeriod(q.period);
    if (!span) bad('period', 'must be a year (2026), a half (2026-H2), a quarter (2026-Q3) or a month (2026-11)');
  } else if (q.from !== undefined || q.to !== undefined) {
    const from = q.from === undefined ? undefined : parseInstant(q.from);
    const to = q.to === undefined ? undefined : parseInstant(q.to);
    if (q.from === undefined || from === undefined) bad('from', 'must be a date (2026-07-01) or an ISO 8601 instant with an offset');
    if (q.to === undefined || to === undefined) bad('to', 'must be a date (2027-01-01) or an ISO 8601 instant with an offset');
    if (from !== undefined && to !== undefined && to <= from) bad('to', 'must be after from');
    if (from !== undefined && to !== undefined) span = { from, to };
    label = `${q.from ?? '?'}/${q.to ?? '?'}`;
  } else if (asOf !== undefined) {
    const d = new Date(asOf);
    label = `${d.getUTCFullYear()}-H${d.getUTCMonth() < 6 ? 1 : 2}`;
    span = parsePeriod(label);
  }
  if (span && asOf !== undefined && asOf < span.from) bad('asOf', 'must not be before the start of the period');
  if (issues.length > 0 || !span || asOf === undefined) {
    throw new DomainError(ErrorCode.invalidInput, `invalid indicator window: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, issues);
  }
  return { label, from: span.from, to: span.to, at: Math.min(asOf, span.to) };
}
