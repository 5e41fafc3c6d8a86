import type { GovEvent } from './types.ts';

/** One line of an exported trail: who did what, when, why, under which policy version (as `govflow audit export`). */
export interface TrailRow {
  sequence: number;
  id: string;
  when: string;
  who: string;
  what: string;
  why: string;
  policyVersion: string;
  hash: string;
  prevhash: string;
}

const WHY = ['rationale', 'reason', 'conflict', 'description', 'evidence'];
const WHO = ['voter', 'member', 'proposedBy', 'amendedBy', 'satisfiedBy', 'deployer', 'submittedBy', 'reportedBy', 'requestedBy', 'actor'];
const first = (data: Record<string, unknown>, keys: string[]): string =>
  keys.map((k) => data[k]).find((v): v is string => typeof v === 'string' && v.length > 0) ?? '';

/** `review.vote_cast` from `ai.governance.review.vote_cast.v1`. */
export const shortType = (type: string): string => type.replace(/^ai\.governance\./, '').replace(/\.v\d+$/, '');

export function trailRow(e: GovEvent): TrailRow {
  const data = e.data ?? {};
  return {
    sequence: e.sequence,
    id: e.id,
    when: e.time,
    who: e.actor ?? first(data, WHO),
    what: shortType(e.type),
    why: first(data, WHY),
    policyVersion: e.policyversion,
    hash: e.hash,
    prevhash: e.prevhash,
  };
}

const cell = (v: string | number): string => {
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** The trail as the CLI exports it: JSON rows with their events, or CSV rows. */
export function exportTrail(events: readonly GovEvent[], format: 'json' | 'csv'): string {
  if (format === 'json') return `${JSON.stringify(events.map((e) => ({ ...trailRow(e), event: e })), null, 2)}\n`;
  const columns = ['sequence', 'id', 'when', 'who', 'what', 'why', 'policyVersion', 'hash', 'prevhash'] as const;
  const lines = [columns.join(','), ...events.map((e) => { const r = trailRow(e); return columns.map((c) => cell(r[c])).join(','); })];
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
