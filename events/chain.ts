import { computeEventHash } from './hash.ts';

/** The fields of an event that the audit chain reads; any GovernanceEvent, parsed or raw from the wire. */
export interface ChainLink {
  readonly subject: string;
  readonly sequence: number;
  readonly prevhash: string;
  readonly hash: string;
  readonly [field: string]: unknown;
}

/** The ways a chain can be broken; `wrong_subject`: a record under one system's key carries another's subject. */
export type ChainProblemKind = 'gap' | 'duplicate' | 'hash_mismatch' | 'prevhash_mismatch' | 'out_of_order' | 'wrong_subject';

/** One break in one system's chain, where it is and what was found. */
export interface ChainProblem {
  readonly systemId: string;
  readonly sequence: number;
  readonly kind: ChainProblemKind;
  readonly detail: string;
}

/** The verdict on a set of events: ok when no problem was found. */
export interface ChainVerdict {
  readonly ok: boolean;
  readonly problems: ChainProblem[];
  /** Exact redeliveries (same sequence, same hash) that were set aside; at-least-once delivery makes them legal. */
  readonly redeliveries: number;
}

/** The last link a verifier expects per system (e.g. from the workflow's state): catches a dropped tail. */
export type ChainHeads = Readonly<Record<string, { readonly sequence: number; readonly hash?: string }>>;

/** True when the event's hash is the SHA-256 of its canonical JSON without `hash`. */
export function hasValidHash(event: ChainLink): boolean {
  return computeEventHash(event) === event.hash;
}

/**
 * Verifies the audit chain of events of one or many systems, in the order given (the topic's order):
 * per system, sequences run gapless from 1 in increasing order, each hash matches its content and each
 * prevhash is the previous event's hash. A second copy of an event with the same hash is a redelivery and
 * not a problem; a second event with the same sequence and a different hash is a `duplicate`.
 */
export function verifyChain(events: readonly ChainLink[], opts: { heads?: ChainHeads } = {}): ChainVerdict {
  const problems: ChainProblem[] = [];
  let redeliveries = 0;
  const bySystem = new Map<string, Map<number, ChainLink>>();
  const maxSeen = new Map<string, number>();

  for (const e of events) {
    const systemId = e.subject;
    const links = bySystem.get(systemId) ?? new Map<number, ChainLink>();
    bySystem.set(systemId, links);
    const earlier = links.get(e.sequence);
    if (earlier) {
      if (earlier.hash === e.hash && hasValidHash(e)) redeliveries += 1;
      else
        problems.push({
          systemId,
          sequence: e.sequence,
          kind: 'duplicate',
          detail: `a second, different event claims sequence ${e.sequence}`,
        });
      continue;
    }
    const max = maxSeen.get(systemId) ?? 0;
    if (e.sequence < max) {
      problems.push({
        systemId,
        sequence: e.sequence,
        kind: 'out_of_order',
        detail: `sequence ${e.sequence} arrived after ${max}`,
      });
    }
    maxSeen.set(systemId, Math.max(max, e.sequence));
    links.set(e.sequence, e);
    if (!hasValidHash(e)) {
      problems.push({
        systemId,
        sequence: e.sequence,
        kind: 'hash_mismatch',
        detail: 'the content does not match its hash',
      });
    }
  }

  for (const [systemId, links] of bySystem) {
    problems.push(...checkLinks(systemId, links, opts.heads?.[systemId]));
  }
  for (const [systemId, head] of Object.entries(opts.heads ?? {})) {
    if (!bySystem.has(systemId) && head.sequence > 0) {
      problems.push({ systemId, sequence: 1, kind: 'gap', detail: `no events, expected 1..${head.sequence}` });
    }
  }
  return { ok: problems.length === 0, problems, redeliveries };
}

function checkLinks(
  systemId: string,
  links: Map<number, ChainLink>,
  head?: { sequence: number; hash?: string },
): ChainProblem[] {
  const problems: ChainProblem[] = [];
  // A loop, not Math.max(...keys): a long-lived system can have more links than a call's argument limit.
  let last = head?.sequence ?? 0;
  for (const seq of links.keys()) if (seq > last) last = seq;
  let missingFrom: number | undefined;
  for (let seq = 1; seq <= last + 1; seq += 1) {
    const link = links.get(seq);
    if (!link && seq <= last) {
      missingFrom ??= seq;
      continue;
    }
    if (missingFrom !== undefined) {
      problems.push({
        systemId,
        sequence: missingFrom,
        kind: 'gap',
        detail: `missing sequence ${range(missingFrom, seq - 1)}`,
      });
      missingFrom = undefined;
    }
    if (!link) break;
    const expected = seq === 1 ? '' : links.get(seq - 1)?.hash;
    if (expected !== undefined && link.prevhash !== expected) {
      problems.push({
        systemId,
        sequence: seq,
        kind: 'prevhash_mismatch',
        detail: `prevhash does not match the hash of sequence ${seq - 1 || 'none'}`,
      });
    }
  }
  if (head?.hash !== undefined && links.get(head.sequence) && links.get(head.sequence)?.hash !== head.hash) {
    problems.push({
      systemId,
      sequence: head.sequence,
      kind: 'hash_mismatch',
      detail: 'the last event differs from the expected head',
    });
  }
  return problems;
}

function range(from: number, to: number): string {
  return from === to ? `${from}` : `${from}..${to}`;
}
