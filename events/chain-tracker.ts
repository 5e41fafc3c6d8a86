import { hasValidHash, type ChainLink, type ChainProblem } from './chain.ts';

/** How far a consumer has followed one system's chain: the last accepted link, and sequences a gap skipped. */
export interface ChainCursor {
  readonly sequence: number;
  readonly hash: string;
  readonly missing?: readonly number[];
}

/** Where cursors are kept; in memory by default, durable (e.g. SQLite) when dedupe must survive a restart. */
export interface ChainStore {
  get(systemId: string): ChainCursor | undefined | Promise<ChainCursor | undefined>;
  set(systemId: string, cursor: ChainCursor): void | Promise<void>;
}

/** A store that forgets on restart: enough for a consumer that reads from the beginning each time. */
export function createMemoryChainStore(): ChainStore {
  const cursors = new Map<string, ChainCursor>();
  return { get: (id) => cursors.get(id), set: (id, c) => void cursors.set(id, c) };
}

/** What to do with one event: deliver it (with any problems found) or drop it as a copy already delivered. */
export interface ChainCheck {
  readonly deliver: boolean;
  readonly problems: ChainProblem[];
  /** The cursor after this event; store it only once the event has been handled. */
  readonly next: ChainCursor;
}

const MAX_REMEMBERED_MISSING = 1000;

/**
 * Checks the next event of a system against its cursor, without changing anything: a sequence already passed is
 * a redelivery (dropped, and a `duplicate` problem when its hash differs), the next one must link by prevhash,
 * and a jump ahead is a `gap`. Problems never stop delivery: the caller reports them.
 */
export function checkNext(cursor: ChainCursor | undefined, event: ChainLink): ChainCheck {
  const at = cursor ?? { sequence: 0, hash: '' };
  const missing = at.missing ?? [];
  const systemId = event.subject;
  const problems: ChainProblem[] = [];
  const problem = (kind: ChainProblem['kind'], detail: string): void => {
    problems.push({ systemId, sequence: event.sequence, kind, detail });
  };
  const intact = hasValidHash(event);
  if (!intact) problem('hash_mismatch', 'the content does not match its hash');

  if (event.sequence <= at.sequence && !missing.includes(event.sequence)) {
    if (event.sequence === at.sequence && event.hash !== at.hash)
      problem('duplicate', `a second, different event claims sequence ${event.sequence}`);
    else if (!intact) problem('duplicate', `a copy of sequence ${event.sequence} with a broken hash`);
    return { deliver: false, problems: problems.filter((p) => p.kind === 'duplicate'), next: at };
  }
  if (event.sequence < at.sequence) {
    problem('out_of_order', `sequence ${event.sequence} arrived after ${at.sequence}`);
    return { deliver: true, problems, next: { ...at, missing: missing.filter((s) => s !== event.sequence) } };
  }
  const skipped: number[] = [];
  if (event.sequence > at.sequence + 1) {
    for (let s = at.sequence + 1; s < event.sequence && skipped.length < MAX_REMEMBERED_MISSING; s += 1)
      skipped.push(s);
    const last = event.sequence - 1;
    problem('gap', `missing sequence ${at.sequence + 1 === last ? last : `${at.sequence + 1}..${last}`}`);
  } else if (event.prevhash !== at.hash) {
    problem('prevhash_mismatch', `prevhash does not match the hash of sequence ${at.sequence || 'none'}`);
  }
  const stillMissing = [...missing, ...skipped].slice(-MAX_REMEMBERED_MISSING);
  return {
    deliver: true,
    problems,
    next:
      stillMissing.length > 0
        ? { sequence: event.sequence, hash: event.hash, missing: stillMissing }
        : { sequence: event.sequence, hash: event.hash },
  };
}
