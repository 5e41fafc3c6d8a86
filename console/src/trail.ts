// The trail's rows are the ones `govflow audit export` writes: events/trail-row.ts and events/ce-type.ts import
// nothing, so they bundle into the console as they are.
import { shortEventType } from '../../events/ce-type.ts';
import { TRAIL_COLUMNS, trailRow } from '../../events/trail-row.ts';
import type { GovEvent } from './types.ts';

/** `review.vote_cast` from `ai.governance.review.vote_cast.v1` (a name that is already short stays as it is). */
export const shortType = (type: string): string => shortEventType(type) ?? type;

const cell = (v: string | number): string => {
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** The trail as the CLI exports it: JSON rows with their events, or CSV rows. */
export function exportTrail(events: readonly GovEvent[], format: 'json' | 'csv'): string {
  if (format === 'json') return `${JSON.stringify(events.map((e) => ({ ...trailRow(e), event: e })), null, 2)}\n`;
  const lines = [TRAIL_COLUMNS.join(','), ...events.map((e) => { const r = trailRow(e); return TRAIL_COLUMNS.map((c) => cell(r[c])).join(','); })];
  return `${lines.join('\n')}\n`;
}

/** What the console checks itself on the served events: no gap, each linked to the one before, the head matched. */
export interface ChainCheck {
  ok: boolean;
  brokenAt?: number;
  headMatches: boolean;
}

export function checkChain(events: readonly GovEvent[], head: string | null): ChainCheck {
  for (let i = 0; i < events.length; i++) {
    const e = events[i]!;
    if (e.sequence !== i + 1 || (i > 0 && e.prevhash !== events[i - 1]!.hash)) return { ok: false, brokenAt: e.sequence, headMatches: false };
  }
  return { ok: true, headMatches: events.length > 0 && events.at(-1)!.hash === head };
}
