import type { ChainLink, ChainProblem } from './chain-problem.ts';
import { checkEventSignature } from './event-signature.ts';
import type { TrustedKeys } from './keyring.ts';
import { hasValidHash } from './hash.ts';

/** How far a consumer has followed one system's chain: the last accepted link, and sequences a gap skipped. */
export interface ChainCursor {
  readonly sequence: number;
  readonly hash: string;
  readonly missing?: readonly number[];
}

/** Where cursors and accepted hashes are kept; in memory by default, durable (e.g. SQLite) across restarts. */
export interface ChainStore {
  get(systemId: string): ChainCursor | undefined | Promise<ChainCursor | undefined>;
  /** The hash of the event accepted at a sequence, so a different second event there is a conflict. */
  hashAt(systemId: string, sequence: number): string | undefined | Promise<string | undefined>;
  /** Moves the cursor and remembers the accepted link; called only once the event has been handled. */
  accept(systemId: string, cursor: ChainCursor, link: { sequence: number; hash: string }): void | Promise<void>;
}

/** A store that forgets on restart: enough for a consumer that reads from the beginning each time. */
export function createMemoryChainStore(): ChainStore {
  const cursors = new Map<string, ChainCursor>();
  const hashes = new Map<string, string>();
  return {
    get: (id) => cursors.get(id),
    hashAt: (id, seq) => hashes.get(`${id}:${seq}`),
    accept: (id, c, link) => {
      cursors.set(id, c);
      hashes.set(`${id}:${link.sequence}`, link.hash);
    },
  };
}

/**
 * What to do with one event: `deliver` it (with any chain problems found); drop it as a `redelivery` of an event
 * accepted before; `quarantine` it (not the engine's: unsigned, unknown key, bad signature or broken hash); or
 * raise a `conflict` (a second, different event at a sequence already accepted). Only `deliver` reaches a handler.
 */
export type ChainDecision = 'deliver' | 'redelivery' | 'quarantine' | 'conflict';

/** The verdict on one event and the cursor after it (store it only once the event has been handled). */
export interface ChainCheck {
  readonly decision: ChainDecision;
  readonly problems: ChainProblem[];
  readonly next: ChainCursor;
}

/** What the checker is told: the trusted keys (null checks the chain's structure only) and the hash accepted at the event's sequence, if any. */
export interface CheckOptions {
  readonly keys: TrustedKeys | null;
  readonly knownHash?: string | undefined;
}

const MAX_REMEMBERED_MISSING = 1000;

/**
 * Checks the next event of a system against its cursor, without changing anything. The one chain and signature
 * check of govflow: the consumer helper, the registry projection, `audit verify` and the API all go through it.
 */
export function checkNext(cursor: ChainCursor | undefined, event: ChainLink, opts: CheckOptions): ChainCheck {
  const at = cursor ?? { sequence: 0, hash: '' };
  const missing = at.missing ?? [];
  const problem = (kind: ChainProblem['kind'], detail: string): ChainProblem => ({
    systemId: event.subject,
    sequence: event.sequence,
    kind,
    detail,
  });
  const signature = opts.keys
    ? checkEventSignature(event, opts.keys)
    : hasValidHash(event)
      ? ({ ok: true } as const)
      : ({ ok: false, problem: 'hash_mismatch', detail: 'the content does not match its hash' } as const);
  if (!signature.ok)
    return { decision: 'quarantine', problems: [problem(signature.problem, signature.detail)], next: at };

  const known = opts.knownHash ?? (event.sequence === at.sequence ? at.hash : undefined);
  if (event.sequence <= at.sequence && !missing.includes(event.sequence)) {
    // A sequence accepted before: the same hash is an at-least-once copy; another hash is two truths at one place.
    if (known === undefined || known === event.hash) return { decision: 'redelivery', problems: [], next: at };
    const conflict = problem('conflict', `a second, different event claims sequence ${event.sequence}`);
    return { decision: 'conflict', problems: [conflict], next: at };
  }
  if (event.sequence < at.sequence) {
    const late = problem('out_of_order', `sequence ${event.sequence} arrived after ${at.sequence}`);
    return {
      decision: 'deliver',
      problems: [late],
      next: { ...at, missing: missing.filter((s) => s !== event.sequence) },
    };
  }
  const problems: ChainProblem[] = [];
  const skipped: number[] = [];
  if (event.sequence > at.sequence + 1) {
    for (let s = at.sequence + 1; s < event.sequence && skipped.length < MAX_REMEMBERED_MISSING; s += 1)
      skipped.push(s);
    problems.push(problem('gap', `missing sequence ${range(at.sequence + 1, event.sequence - 1)}`));
  } else if (event.prevhash !== at.hash) {
    problems.push(
      problem('prevhash_mismatch', `prevhash does not match the hash of sequence ${at.sequence || 'none'}`),
    );
  }
  const stillMissing = [...missing, ...skipped].slice(-MAX_REMEMBERED_MISSING);
  const next = { sequence: event.sequence, hash: event.hash };
  return { decision: 'deliver', problems, next: stillMissing.length > 0 ? { ...next, missing: stillMissing } : next };
}

/** `a` or `a..b`. */
export function range(from: number, to: number): string {
  return from === to ? `${from}` : `${from}..${to}`;
}
