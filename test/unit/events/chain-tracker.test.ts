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
  const delivered: number[] = [];
  const problems: string[] = [];
  for (const e of events) {
    const c = checkNext(cursor, e);
    if (c.deliver) delivered.push(e.sequence);
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

  it('reports a tampered event and the broken link after a re-hashed forgery', () => {
    const tampered = { ...c[1]!, data: { n: 99 } };
    expect(follow([c[0]!, tampered, c[2]!])).toEqual({ delivered: [1, 2, 3], problems: ['hash_mismatch@2'] });
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

  it('reports a conflicting copy of the last event as a duplicate and does not deliver it', () => {
    const other = { ...c[1]!, hash: 'f'.repeat(64) };
    expect(follow([c[0]!, c[1]!, other])).toEqual({ delivered: [1, 2], problems: ['duplicate@2'] });
  });

  it('does not move the cursor by itself, so an event whose handler failed is delivered again', () => {
    const first = checkNext(undefined, c[0]!);
    expect(checkNext(undefined, c[0]!).deliver).toBe(true);
    expect(checkNext(first.next, c[0]!).deliver).toBe(false);
  });
});
