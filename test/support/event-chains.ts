import { sealEvent, type GovernanceEvent } from '../../events/envelope.ts';
import { signed } from './test-keys.ts';

/** A valid chain of `n` vote events for one system (valid against the v1 catalogue), signed with the test key. */
export function voteChain(systemId: string, n: number, from: GovernanceEvent[] = []): GovernanceEvent[] {
  const out = [...from];
  const start = out.length + 1;
  for (let seq = start; seq < start + n; seq += 1) {
    const voter = `member-${seq}`;
    out.push(
      signed(sealEvent({
        event: { type: 'review.vote_cast', data: { round: 1, voter, vote: 'approve', rationale: `reason ${seq}` } },
        systemId,
        sequence: seq,
        prevHash: out.at(-1)?.hash ?? null,
        namespace: 'default',
        policyVersion: 'test-pack@1.0.0+000000000000',
        time: new Date(Date.UTC(2026, 0, 1, 0, 0, seq)).toISOString(),
        actor: voter,
      })),
    );
  }
  return out.slice(from.length);
}

/** Interleaves several lists round-robin, keeping each list's own order. */
export function interleave<T>(...lists: T[][]): T[] {
  const out: T[] = [];
  for (let i = 0; i < Math.max(...lists.map((l) => l.length)); i += 1) {
    for (const l of lists) if (l[i] !== undefined) out.push(l[i]!);
  }
  return out;
}

/** Polls until `done()` holds, failing with `what` after the timeout. */
export async function waitUntil(done: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
