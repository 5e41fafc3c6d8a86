import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sealEvent, type GovernanceEvent } from '../../../events/envelope.ts';
import { verifyChain, type ChainHeads } from '../../../events/chain.ts';
import { computeEventHash } from '../../../events/hash.ts';

function chainOf(systemId: string, n: number): GovernanceEvent[] {
  const out: GovernanceEvent[] = [];
  for (let seq = 1; seq <= n; seq += 1) {
    out.push(
      sealEvent({
        event: {
          type: seq === 1 ? 'system.proposed' : 'review.vote_cast',
          data: { n: seq, note: `step ${seq} of ${systemId}` },
        },
        systemId,
        sequence: seq,
        prevHash: out.at(-1)?.hash ?? null,
        namespace: 'default',
        policyVersion: 'test@1+000000000000',
        time: `2026-01-01T00:00:${String(seq % 60).padStart(2, '0')}.000Z`,
        actor: 'someone',
      }),
    );
  }
  return out;
}

const structure = { keys: null };
const kinds = (events: readonly Record<string, unknown>[], heads?: { heads: ChainHeads }) =>
  verifyChain(events as unknown as GovernanceEvent[], { ...structure, ...heads }).problems.map((p) => p.kind);

describe('verifyChain', () => {
  it('accepts intact interleaved chains of several systems', () => {
    const a = chainOf('alpha', 4);
    const b = chainOf('beta', 3);
    const mixed = [a[0]!, b[0]!, a[1]!, b[1]!, b[2]!, a[2]!, a[3]!];
    expect(verifyChain(mixed, structure)).toMatchObject({ ok: true, problems: [], redeliveries: 0, quarantined: [] });
    expect(verifyChain(mixed, structure).accepted).toHaveLength(7);
  });

  it('sets exact redeliveries aside without calling them problems', () => {
    const a = chainOf('alpha', 3);
    const v = verifyChain([...a, a[1]!, a[2]!], structure);
    expect(v.ok).toBe(true);
    expect(v.redeliveries).toBe(2);
  });

  it('reports a gap with the missing range', () => {
    const a = chainOf('alpha', 5);
    const v = verifyChain([a[0]!, a[3]!, a[4]!], structure);
    expect(v.problems).toEqual([{ systemId: 'alpha', sequence: 2, kind: 'gap', detail: 'missing sequence 2..3' }]);
  });

  it('quarantines an edited copy of an event (its hash no longer matches) and never accepts it', () => {
    const a = chainOf('alpha', 2);
    const forged = { ...a[1]!, data: { n: 99 } };
    const v = verifyChain([...a, forged], structure);
    expect(v.problems.map((p) => p.kind)).toEqual(['hash_mismatch']);
    expect(v.accepted).toEqual(a);
  });

  it('reports a second, well-formed event at a sequence already accepted as a conflict, not a redelivery', () => {
    const a = chainOf('alpha', 2);
    const other = sealEvent({
      event: { type: 'review.vote_cast', data: { n: 2, note: 'another truth' } },
      systemId: 'alpha', sequence: 2, prevHash: a[0]!.hash, namespace: 'default',
      policyVersion: 'test@1+000000000000', time: a[1]!.time,
    });
    const v = verifyChain([...a, other], structure);
    expect(v.problems).toEqual([
      { systemId: 'alpha', sequence: 2, kind: 'conflict', detail: 'a second, different event claims sequence 2' },
    ]);
    expect(v.redeliveries).toBe(0);
  });

  it('reports events out of order', () => {
    const a = chainOf('alpha', 3);
    expect(kinds([a[0]!, a[2]!, a[1]!])).toEqual(['out_of_order']);
  });

  it('reports a re-hashed tampered event by its successor prevhash', () => {
    const a = chainOf('alpha', 3);
    const tampered = sealEvent({
      event: { type: 'review.vote_cast', data: { n: 2, note: 'forged' } },
      systemId: 'alpha',
      sequence: 2,
      prevHash: a[0]!.hash,
      namespace: 'default',
      policyVersion: 'test@1+000000000000',
      time: a[1]!.time,
    });
    expect(verifyChain([a[0]!, tampered, a[2]!], structure).problems).toEqual([
      {
        systemId: 'alpha',
        sequence: 3,
        kind: 'prevhash_mismatch',
        detail: 'prevhash does not match the hash of sequence 2',
      },
    ]);
  });

  it('catches a dropped tail only when it knows the expected head', () => {
    const a = chainOf('alpha', 3);
    expect(verifyChain(a.slice(0, 2), structure).ok).toBe(true);
    expect(kinds(a.slice(0, 2), { heads: { alpha: { sequence: 3 } } })).toEqual(['gap']);
    expect(kinds([], { heads: { alpha: { sequence: 3 } } })).toEqual(['gap']);
    expect(kinds(a, { heads: { alpha: { sequence: 3, hash: a[1]!.hash } } })).toEqual(['head_mismatch']);
    expect(kinds(a, { heads: { alpha: { sequence: 2 } } })).toEqual(['ahead']);
  });

  it('detects any single-character tamper anywhere in the serialised event', () => {
    const chain = chainOf('alpha', 4);
    fc.assert(
      fc.property(fc.nat({ max: 3 }), fc.nat(), fc.integer({ min: 1, max: 94 }), (index, at, shift) => {
        const json = JSON.stringify(chain[index]!);
        const pos = at % json.length;
        const ch = String.fromCharCode(((json.charCodeAt(pos) - 32 + shift) % 95) + 32);
        let tampered: Record<string, unknown>;
        try {
          tampered = JSON.parse(json.slice(0, pos) + ch + json.slice(pos + 1)) as Record<string, unknown>;
        } catch {
          return true; // not JSON any more: the consumer's schema check rejects it before the chain sees it
        }
        const events: Record<string, unknown>[] = chain.map((e, i) => (i === index ? tampered : e));
        const v = verifyChain(events as unknown as GovernanceEvent[], {
          ...structure,
          heads: { alpha: { sequence: 4, hash: chain[3]!.hash } },
        });
        // A change that leaves the same JSON value (e.g. inside whitespace) is not a tamper.
        return JSON.stringify(tampered) === json || !v.ok;
      }),
      { numRuns: 2000 },
    );
  });

  it('detects any single dropped event when the head is known', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 8 }), fc.nat(), (n, drop) => {
        const chain = chainOf('alpha', n);
        const i = drop % n;
        const v = verifyChain([...chain.slice(0, i), ...chain.slice(i + 1)], { ...structure, heads: { alpha: { sequence: n } } });
        return !v.ok && v.problems.some((p) => p.kind === 'gap' && p.sequence === i + 1);
      }),
    );
  });
});

describe('verifyChain at scale', () => {
  it('verifies a chain of 200,000 links without exhausting the stack', { timeout: 60_000 }, () => {
    const links: { subject: string; sequence: number; prevhash: string; hash: string }[] = [];
    for (let seq = 1; seq <= 200_000; seq += 1) {
      const link = { subject: 'big', sequence: seq, prevhash: links.at(-1)?.hash ?? '' };
      links.push({ ...link, hash: computeEventHash(link) });
    }
    const dropped = [...links.slice(0, 99_999), ...links.slice(100_000)];
    const v = verifyChain(dropped, { keys: null, heads: { big: { sequence: 200_000 } } });
    expect(v.accepted).toHaveLength(199_999);
    expect(v.problems).toEqual([{ systemId: 'big', sequence: 100_000, kind: 'gap', detail: 'missing sequence 100000' }]);
  });
});
