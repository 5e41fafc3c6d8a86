// One line of a system's decision trail, read off an event's envelope and data. `govflow audit export` and the web
// console's trail both use it, so this module imports only the type names (nothing Node-only reaches the bundle).
import { shortEventType } from './ce-type.ts';

/** The envelope fields a trail row reads: a governance event from the topic, or one as the API serves it. */
export interface TrailEvent {
  readonly sequence: number;
  readonly id: string;
  readonly time: string;
  readonly type: string;
  readonly actor?: string | undefined;
  readonly data?: unknown;
  readonly policyversion: string;
  readonly hash: string;
  readonly prevhash: string;
}

/** One line of an exported trail: who did what, when, why, under which policy version. */
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

/** The columns of a trail export, in order. */
export const TRAIL_COLUMNS = ['sequence', 'id', 'when', 'who', 'what', 'why', 'policyVersion', 'hash', 'prevhash'] as const;

const WHY_FIELDS = ['rationale', 'reason', 'conflict', 'description', 'evidence'] as const;
const WHO_FIELDS = [
  'voter',
  'member',
  'proposedBy',
  'amendedBy',
  'satisfiedBy',
  'deployer',
  'submittedBy',
  'reportedBy',
  'requestedBy',
  'actor',
] as const;
const firstString = (data: Record<string, unknown>, keys: readonly string[]): string =>
  keys.map((k) => data[k]).find((v): v is string => typeof v === 'string' && v.length > 0) ?? '';

/** The row of one event; `who` is its actor (else the person its data names), `why` the first reason its data gives. */
export function trailRow(e: TrailEvent): TrailRow {
  const data = (typeof e.data === 'object' && e.data !== null ? e.data : {}) as Record<string, unknown>;
  return {
    sequence: e.sequence,
    id: e.id,
    when: e.time,
    who: e.actor ?? firstString(data, WHO_FIELDS),
    what: shortEventType(e.type) ?? e.type,
    why: firstString(data, WHY_FIELDS),
    policyVersion: e.policyversion,
    hash: e.hash,
    prevhash: e.prevhash,
  };
}
