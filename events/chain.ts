import { checkNext, range, type ChainCursor } from './chain-tracker.ts';
import type { ChainLink, ChainProblem } from './chain-problem.ts';
import type { TrustedKeys } from './keyring.ts';

export type { ChainLink, ChainProblem, ChainProblemKind } from './chain-problem.ts';

/** An event set aside as not the engine's, with the reason. */
export interface QuarantinedEvent {
  readonly event: ChainLink;
  readonly problem: ChainProblem;
}

/** The verdict on a set of events: ok when no problem was found. */
export interface ChainVerdict {
  readonly ok: boolean;
  readonly problems: ChainProblem[];
  /** Exact redeliveries (same sequence, same hash) that were set aside; at-least-once delivery makes them legal. */
  readonly redeliveries: number;
  /** The events accepted, in the order given, each once. */
  readonly accepted: ChainLink[];
  readonly quarantined: QuarantinedEvent[];
}

/** The last link a verifier expects per system (e.g. from the workflow's state): catches a dropped tail. */
export type ChainHeads = Readonly<Record<string, { readonly sequence: number; readonly hash?: string }>>;

/** How to verify: the trusted keys (null checks the chain's structure only), and the expected heads if known. */
export interface VerifyOptions {
  readonly keys: TrustedKeys | null;
  readonly heads?: ChainHeads;
}

/**
 * Verifies the record of one or many systems in the order given (the topic's order), by folding each event
 * through `checkNext`: quarantined and conflicting events are problems and never accepted; gaps are reported
 * once all events are in (a late event that fills one is `out_of_order`), and against the expected heads.
 */
export function verifyChain(events: readonly ChainLink[], opts: VerifyOptions): ChainVerdict {
  const problems: ChainProblem[] = [];
  const accepted: ChainLink[] = [];
  const quarantined: QuarantinedEvent[] = [];
  const cursors = new Map<string, ChainCursor>();
  const hashes = new Map<string, string>();
  let redeliveries = 0;
  for (const e of events) {
    const check = checkNext(cursors.get(e.subject), e, {
      keys: opts.keys,
      knownHash: hashes.get(`${e.subject}:${e.sequence}`),
    });
    if (check.decision === 'redelivery') redeliveries += 1;
    if (check.decision === 'quarantine') quarantined.push({ event: e, problem: check.problems[0]! });
    problems.push(...check.problems.filter((p) => p.kind !== 'gap'));
    if (check.decision !== 'deliver') continue;
    accepted.push(e);
    cursors.set(e.subject, check.next);
    hashes.set(`${e.subject}:${e.sequence}`, e.hash);
  }
  const systems = new Set([...cursors.keys(), ...Object.keys(opts.heads ?? {})]);
  for (const systemId of systems) {
    const cursor = cursors.get(systemId) ?? { sequence: 0, hash: '' };
    problems.push(...gapsOf(systemId, cursor), ...againstHead(systemId, cursor, hashes, opts.heads?.[systemId]));
  }
  return { ok: problems.length === 0, problems, redeliveries, accepted, quarantined };
}

function gapsOf(systemId: string, cursor: ChainCursor): ChainProblem[] {
  const missing = [...(cursor.missing ?? [])].sort((a, b) => a - b);
  const problems: ChainProblem[] = [];
  for (let i = 0; i < missing.length;) {
    let j = i;
    while (j + 1 < missing.length && missing[j + 1] === missing[j]! + 1) j += 1;
    problems.push({
      systemId,
      sequence: missing[i]!,
      kind: 'gap',
      detail: `missing sequence ${range(missing[i]!, missing[j]!)}`,
    });
    i = j + 1;
  }
  return problems;
}

function againstHead(
  systemId: string,
  cursor: ChainCursor,
  hashes: ReadonlyMap<string, string>,
  head: { sequence: number; hash?: string } | undefined,
): ChainProblem[] {
  if (!head) return [];
  if (cursor.sequence < head.sequence) {
    const detail =
      cursor.sequence === 0
        ? `no events, expected 1..${head.sequence}`
        : `missing sequence ${range(cursor.sequence + 1, head.sequence)}`;
    return [{ systemId, sequence: cursor.sequence + 1, kind: 'gap', detail }];
  }
  if (cursor.sequence > head.sequence) {
    const detail = `events ${range(head.sequence + 1, cursor.sequence)} are beyond the workflow's head ${head.sequence}`;
    return [{ systemId, sequence: head.sequence + 1, kind: 'ahead', detail }];
  }
  if (head.hash !== undefined && hashes.get(`${systemId}:${head.sequence}`) !== head.hash)
    return [
      {
        systemId,
        sequence: head.sequence,
        kind: 'head_mismatch',
        detail: 'the last event differs from the expected head',
      },
    ];
  return [];
}
