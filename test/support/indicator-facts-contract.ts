import { describe, expect, it } from 'vitest';
import type { ReadDb } from '../../adapters/read-db/read-db.ts';
import { factsFromEvents } from '../../consumer/facts-from-events.ts';
import { openIndicatorFacts, type FactsQuery } from '../../consumer/indicator-facts.ts';
import { sealEvent, type GovernanceEvent } from '../../events/envelope.ts';
import { constructedStreams } from '../unit/indicators/fleet.ts';
import { computeIndicators } from '../../domain/indicators/compute.ts';
import { resolveWindow } from '../../domain/indicators/window.ts';

/** The constructed fleet's events sealed into chains, as the publisher puts them on the topic. */
export function sealedFleet(): Map<string, GovernanceEvent[]> {
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

/** The facts projection's behaviour, the same on every engine of the read side. */
export function indicatorFactsContract(engine: string, open: () => Promise<ReadDb>): void {
  describe(`the indicator facts on ${engine}`, () => {
    it('folds each event into the same row as a fold of the raw events, redeliveries ignored', async () => {
      const db = await open();
      const facts = await openIndicatorFacts(db);
      const fleet = sealedFleet();
      for (const chain of fleet.values()) for (const e of chain) await facts.apply(e);
      for (const e of fleet.get('credit')!.slice(0, 5)) expect(await facts.apply(e)).toBe(false);
      for (const [id, chain] of fleet) expect(await facts.get(id)).toEqual(factsFromEvents(id, chain));
      expect((await facts.get('credit'))?.head).toMatchObject({ sequence: fleet.get('credit')!.length, hash: fleet.get('credit')!.at(-1)!.hash });
      await db.close();
    });

    it('reads a window by year with the same figures as whole rows', async () => {
      const db = await open();
      const facts = await openIndicatorFacts(db);
      for (const chain of sealedFleet().values()) for (const e of chain) await facts.apply(e);
      const none = { sector: null, tier: null, pack: null };
      for (const q of [{ period: '2025-H2' }, { period: '2026-H2', asOf: '2026-10-15' }, { period: '2026' }, { period: '2027-Q1' }, { ...none, period: '2026', tier: 'high' }]) {
        const w = resolveWindow(q, Date.parse('2030-01-01T00:00:00Z'));
        const filter = { ...none, ...('tier' in q ? { tier: q.tier } : {}) };
        const byYear = await facts.query({ ...filter, before: w.at, from: w.from });
        expect(computeIndicators(byYear, w, filter), q.period).toEqual(computeIndicators(await facts.query({ ...filter, before: w.at }), w, filter));
      }
      expect((await db.query('SELECT system_id FROM indicator_fact_buckets')).length).toBeGreaterThan(sealedFleet().size);
      await db.close();
    });

    it('selects rows by the window end and the filters, and keeps them across a reopen', async () => {
      const db = await open();
      const first = await openIndicatorFacts(db);
      for (const chain of sealedFleet().values()) for (const e of chain) await first.apply(e);
      const facts = await openIndicatorFacts(db); // migrating again is a no-op
      const ids = async (q: FactsQuery) => (await facts.query(q)).map((f) => f.systemId).sort();
      const none = { sector: null, tier: null, pack: null };
      expect(await ids({ ...none, before: Date.parse('2027-01-01T00:00:00Z') })).toEqual(['chatbot', 'credit', 'faceid', 'triage', 'tutor']);
      expect(await ids({ ...none, before: Date.parse('2026-01-01T00:00:00Z') })).toEqual(['chatbot']);
      expect(await ids({ ...none, tier: 'high', before: Date.parse('2030-01-01T00:00:00Z') })).toEqual(['credit', 'later', 'triage']);
      expect(await ids({ sector: 'finance', tier: null, pack: 'p-a', before: Date.parse('2030-01-01T00:00:00Z') })).toEqual(['credit', 'later']);
      await db.close();
    });
  });
}
