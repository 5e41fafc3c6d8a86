import { describe, expect, it } from 'vitest';
import { openSqliteReadDb } from '../../../adapters/read-db/sqlite.ts';
import { openReadSide } from '../../../consumer/read-side/read-side.ts';
import { applyRecord } from '../../../consumer/read-side/writer.ts';
import { evolve } from '../../../domain/lifecycle/evolve.ts';
import { initialState } from '../../../domain/lifecycle/state.ts';
import type { DomainEvent } from '../../../domain/lifecycle/events.ts';
import { sealEvent, type GovernanceEvent } from '../../../events/envelope.ts';
import { voteChain } from '../../support/event-chains.ts';
import { createReadSideFeed } from '../../support/read-side-feed.ts';
import { signed, testEventKeys, unsigned } from '../../support/test-keys.ts';

const minimalProposal = {
  systemId: 'faq-bot',
  name: 'FAQ bot',
  ownerTeam: 'Support',
  proposer: 'pat',
  owner: 'olga',
  sector: 'other',
  purpose: 'Answers questions.',
  deploymentContext: 'Help centre.',
  practices: [],
  affected: { monthlyUsers: 100, minors: false, vulnerableGroups: false },
  model: { type: 'recommender', version: '1.0.0', largeScale: false },
  oversight: { autonomy: 'advisory', canOverride: ['olga'], canStop: ['olga'] },
  evidence: {},
};

const events: DomainEvent[] = [
  { type: 'system.proposed', data: { proposal: minimalProposal, policyPack: 'test', proposedBy: 'pat' } } as unknown as DomainEvent,
  { type: 'condition.satisfied', data: { conditionId: 'none', evidence: 'n/a', satisfiedBy: 'olga' } },
  { type: 'system.retired', data: { by: 'owner', actor: 'olga', reason: 'Replaced.' } },
];

function sealAll(systemId: string, list: DomainEvent[]): GovernanceEvent[] {
  const out: GovernanceEvent[] = [];
  list.forEach((event, i) =>
    out.push(
      signed(
        sealEvent({
          event,
          systemId,
          sequence: i + 1,
          prevHash: out.at(-1)?.hash ?? null,
          namespace: 'default',
          policyVersion: 'test@1+000000000000',
          time: `2026-01-01T00:00:0${i}.000Z`,
        }),
      ),
    ),
  );
  return out;
}

async function fresh() {
  const readSide = await openReadSide(openSqliteReadDb(':memory:'));
  return { readSide, feed: createReadSideFeed(readSide.db, testEventKeys.trusted) };
}

describe('the read side folds the topic', () => {
  it('with the same evolve as the workflow, and lists the system', async () => {
    const { readSide, feed } = await fresh();
    const sealed = sealAll('faq-bot', events);
    expect((await feed(sealed)).map((o) => o.kind)).toEqual(['folded', 'folded', 'folded']);
    const expected = events.reduce((s, e, i) => evolve(s, e, sealed[i]!.hash), initialState('faq-bot'));
    expect(await readSide.state('faq-bot')).toEqual(expected);
    const page = await readSide.list({ kind: 'all' }, { pageSize: 10 });
    expect(page.items).toEqual([
      expect.objectContaining({ systemId: 'faq-bot', name: 'FAQ bot', stage: 'retired', owner: 'olga', status: 'COMPLETED', sequence: 3 }),
    ]);
    expect((await readSide.trail('faq-bot')).events).toEqual(sealed);
    expect(await readSide.sequenceOf('faq-bot')).toBe(3);
    await readSide.close();
  });

  it('applies each record once: a record read again is skipped by its offset, a copy at a new offset by its chain', async () => {
    const { readSide } = await fresh();
    const sealed = sealAll('faq-bot', events);
    const apply = (offset: number, e: GovernanceEvent) =>
      readSide.db.transaction((tx) =>
        applyRecord(tx, { topic: 't', partition: 0, offset, message: { value: Buffer.from(JSON.stringify(e)) } }, { keys: testEventKeys.trusted, firstKept: 0 }),
      );
    const kinds = async (list: [number, GovernanceEvent][]) => {
      const out: string[] = [];
      for (const [o, e] of list) out.push((await apply(o, e)).kind);
      return out;
    };
    expect(await kinds(sealed.map((e, i) => [i, e]))).toEqual(['folded', 'folded', 'folded']);
    expect(await kinds(sealed.map((e, i) => [i, e]))).toEqual(['applied_before', 'applied_before', 'applied_before']);
    expect(await kinds(sealed.map((e, i) => [i + 3, e]))).toEqual(['redelivery', 'redelivery', 'redelivery']);
    // A record past the next one means records were never applied: nothing changes, the consumer seeks back.
    expect(await apply(9, sealed[0]!)).toEqual({ kind: 'ahead', from: 6 });
    expect((await readSide.state('faq-bot'))?.sequence).toBe(3);
    expect((await readSide.trail('faq-bot')).events).toHaveLength(3);
    await readSide.close();
  });

  it('keeps events of unknown types in the trail without folding them', async () => {
    const { readSide, feed } = await fresh();
    const future = signed(sealEvent({
      event: { type: 'system.renamed', data: { name: 'New name' } } as unknown as DomainEvent,
      systemId: 'future-sys', sequence: 1, prevHash: null, namespace: 'default', policyVersion: 'test@1+000000000000',
      time: '2026-01-01T00:00:00.000Z',
    }));
    expect((await feed([future])).map((o) => o.kind)).toEqual(['unknown']);
    expect((await readSide.unknownEvents()).map((e) => e.id)).toEqual(['future-sys:1']);
    expect(await readSide.state('future-sys')).toBeUndefined();
    expect(await readSide.sequenceOf('future-sys')).toBe(1);
    await readSide.close();
  });

  it('quarantines an event that is not the engine\'s and a second event at a sequence, with their reasons', async () => {
    const { readSide, feed } = await fresh();
    const [first, second] = voteChain('q-sys', 2);
    const forged = unsigned(second!);
    const rival = signed(sealEvent({
      event: { type: 'review.vote_cast', data: { round: 1, voter: 'mallory', vote: 'reject', rationale: 'no' } },
      systemId: 'q-sys', sequence: 1, prevHash: null, namespace: 'default', policyVersion: 'test-pack@1.0.0+000000000000',
      time: '2026-01-01T00:00:09.000Z',
    }));
    expect((await feed([first!, forged, rival])).map((o) => o.kind)).toEqual(['folded', 'quarantined', 'conflict']);
    expect((await readSide.quarantined()).map((q) => [q.event.hash, q.kind])).toEqual([
      [forged.hash, 'unsigned'],
      [rival.hash, 'conflict'],
    ]);
    expect((await readSide.trail('q-sys')).quarantined.map((q) => q.kind)).toEqual(['conflict', 'unsigned']);
    await readSide.close();
  });
});
