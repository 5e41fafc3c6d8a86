import { describe, expect, it } from 'vitest';
import { factsFromEvents } from '../../../consumer/facts-from-events.ts';
import { openRegistryProjection } from '../../../consumer/registry-projection.ts';
import { sealEvent, type GovernanceEvent } from '../../../events/envelope.ts';
import { constructedStreams } from './fleet.ts';

/** The constructed fleet's events sealed into chains, as the publisher puts them on the topic. */
function sealedFleet(): Map<string, GovernanceEvent[]> {
  const out = new Map<string, GovernanceEvent[]>();
  for (const s of constructedStreams()) {
    const chain: GovernanceEvent[] = [];
    s.events.forEach(({ event, time }, i) => {
      chain.push(sealEvent({ event, systemId: s.systemId, sequence: i + 1, prevHash: chain.at(-1)?.hash ?? null, namespace: 'default', policyVersion: 'pack@1', time }));
    });
    out.set(s.systemId, chain);
  }
  return out;
}

describe('the projection keeps the indicator facts', () => {
  it('folds each event into the same facts row as a fold of the raw events, redeliveries ignored', () => {
    const fleet = sealedFleet();
    const projection = openRegistryProjection(':memory:');
    for (const chain of fleet.values()) for (const e of chain) projection.apply(e);
    for (const e of fleet.get('credit')!.slice(0, 5)) expect(projection.apply(e)).toBe(false);
    for (const [id, chain] of fleet) expect(projection.facts.get(id)).toEqual(factsFromEvents(id, chain));
    expect(projection.facts.get('credit')?.head).toMatchObject({ sequence: fleet.get('credit')!.length, hash: fleet.get('credit')!.at(-1)!.hash });
    projection.close();
  });

  it('selects rows by the window end and the filters in SQL', () => {
    const projection = openRegistryProjection(':memory:');
    for (const chain of sealedFleet().values()) for (const e of chain) projection.apply(e);
    const ids = (q: Parameters<typeof projection.facts.query>[0]) => projection.facts.query(q).map((f) => f.systemId).sort();
    const none = { sector: null, tier: null, pack: null };
    expect(ids({ ...none, before: Date.parse('2027-01-01T00:00:00Z') })).toEqual(['chatbot', 'credit', 'faceid', 'triage', 'tutor']);
    expect(ids({ ...none, before: Date.parse('2026-01-01T00:00:00Z') })).toEqual(['chatbot']);
    expect(ids({ ...none, tier: 'high', before: Date.parse('2030-01-01T00:00:00Z') })).toEqual(['credit', 'later', 'triage']);
    expect(ids({ sector: 'finance', tier: null, pack: 'p-a', before: Date.parse('2030-01-01T00:00:00Z') })).toEqual(['credit', 'later']);
    projection.close();
  });
});
