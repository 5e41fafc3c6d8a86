import { describe, expect, it } from 'vitest';
import { checkNext, type ChainCursor } from '../../../events/chain-tracker.ts';
import { sealEvent, type GovernanceEvent } from '../../../events/envelope.ts';

function chainOf(n: number): GovernanceEvent[] {
  const out: GovernanceEvent[] = [];
  for (let seq = 1; seq <= n; seq += 1) {
    out.push(
      sealEvent({
        event: { type: 'review.vote_cast', data: { n: seq } },
        systemId: 'alpha',
        sequence: seq,
        prevHash: out.at(-1)?.hash ?? null,
        namespace: 'default',
        policyVersion: 'p@1+000000000000',
        time: '2026-01-01T00:00:00.000Z',
      }),
    );
  }
  return out;
}

/** Feeds events through checkNext as a consumer would, returning what was delivered and the problems seen. */
function follow(events: GovernanceEvent[]) {
  let cursor: ChainCursor | undefined;
  const hashes = new Map<number, string>();
  const delivered: number[] = [];
  const problems: string[] = [];
  for (const e of events) {
    const c = checkNext(cursor, e, { keys: null, knownHash: hashes.get(e.sequence) });
    if (c.decision === 'deliver') {
      delivered.push(e.sequence);
      hashes.set(e.sequence, e.hash);
    }
    problems.push(...c.problems.map((p) => `${p.kind}@${p.sequence}`));
    cursor = c.next;
  }
  return { delivered, problems };
}

describe('checkNext', () => {
  const c = chainOf(5);

  it('delivers an intact chain once, in order, with no problems', () => {
    expect(follow(c)).toEqual({ delivered: [1, 2, 3, 4, 5], problems: [] });
  });

  it('drops redelivered copies quietly, because they were delivered already', () => {
    expect(follow([c[0]!, c[1]!, c[0]!, c[1]!, c[2]!])).toEqual({ delivered: [1, 2, 3], problems: [] });
  });

  it('reports a gap, then delivers the late event as out of order rather than as a duplicate', () => {
    expect(follow([c[0]!, c[3]!, c[1]!, c[1]!])).toEqual({
      delivered: [1, 4, 2],
      problems: ['gap@4', 'out_of_order@2'],
    });
  });

  it('never delivers a tampered event, so the genuine one arriving after it is delivered', () => {
    const tampered = { ...c[1]!, data: { n: 99 } };
    expect(follow([c[0]!, tampered, c[1]!, c[2]!])).toEqual({ delivered: [1, 2, 3], problems: ['hash_mismatch@2'] });
  });

  it('reports the broken link after a re-hashed forgery', () => {
    const forged = sealEvent({
      event: { type: 'review.vote_cast', data: { n: 99 } },
      systemId: 'alpha',
      sequence: 2,
      prevHash: c[0]!.hash,
      namespace: 'default',
      policyVersion: 'p@1+000000000000',
      time: '2026-01-01T00:00:00.000Z',
    });
    expect(follow([c[0]!, forged, c[2]!])).toEqual({ delivered: [1, 2, 3], problems: ['prevhash_mismatch@3'] });
  });

  it('raises a conflict for a second, different event at a sequence passed long ago, and does not deliver it', () => {
    const other = sealEvent({
      event: { type: 'review.vote_cast', data: { n: 2, other: true } },
      systemId: 'alpha', sequence: 2, prevHash: c[0]!.hash, namespace: 'default',
      policyVersion: 'p@1+000000000000', time: '2026-01-01T00:00:00.000Z',
    });
    expect(follow([...c, other])).toEqual({ delivered: [1, 2, 3, 4, 5], problems: ['conflict@2'] });
  });

  it('does not move the cursor by itself, so an event whose handler failed is delivered again', () => {
    const first = checkNext(undefined, c[0]!, { keys: null });
    expect(checkNext(undefined, c[0]!, { keys: null }).decision).toBe('deliver');
    expect(checkNext(first.next, c[0]!, { keys: null }).decision).toBe('redelivery');
  });
});
