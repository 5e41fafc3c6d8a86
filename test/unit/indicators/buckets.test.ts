import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bucketFacts, bucketYears, mergeBuckets, OPEN_BUCKET } from '../../../domain/indicators/buckets.ts';
import { computeIndicators } from '../../../domain/indicators/compute.ts';
import { emptyFacts, type SystemFacts } from '../../../domain/indicators/facts.ts';
import { foldFacts } from '../../../domain/indicators/fold-facts.ts';
import type { IndicatorFilter } from '../../../domain/indicators/indicators.ts';
import { resolveWindow, type IndicatorWindow } from '../../../domain/indicators/window.ts';
import { evolve } from '../../../domain/lifecycle/evolve.ts';
import { initialState } from '../../../domain/lifecycle/state.ts';
import { prng, simulateSystem } from '../../../bench/indicator-fleet.ts';
import { constructedFleet } from './fleet.ts';

/** 60 systems over 20 simulated years, folded as the projection folds them. */
function simulatedFleet(): SystemFacts[] {
  const rand = prng(42);
  return Array.from({ length: 60 }, (_, i) => {
    let state = initialState(`sys-${i}`);
    let facts = emptyFacts(`sys-${i}`);
    for (const { event, at } of simulateSystem(i, Date.UTC(2007, 0, 1) + Math.floor(rand() * 365) * 86_400_000, 20, rand)) {
      state = evolve(state, event);
      facts = foldFacts(facts, { event, time: new Date(at).toISOString(), sequence: state.sequence, hash: 'h' }, state);
    }
    return facts;
  });
}

/** Each system as a window reads it: its base bucket and the year buckets of the window. */
function sliced(fleet: readonly SystemFacts[], w: IndicatorWindow): SystemFacts[] {
  const { first, last } = bucketYears(w.from, w.at);
  return fleet.map((f) => {
    const buckets = bucketFacts(JSON.parse(JSON.stringify(f)) as SystemFacts);
    const years = [...buckets].filter(([y]) => y !== OPEN_BUCKET && y >= first && y <= last).map(([, b]) => b);
    return mergeBuckets(buckets.get(OPEN_BUCKET)!, years);
  });
}

const none: IndicatorFilter = { sector: null, tier: null, pack: null };
const fleets = [['the constructed fleet', constructedFleet()], ['20 simulated years', simulatedFleet()]] as const;

describe('facts bucketed by year', () => {
  it.each(fleets)('give %s back whole when every year is merged', (_name, fleet) => {
    for (const f of fleet) {
      const buckets = bucketFacts(f);
      expect(mergeBuckets(buckets.get(OPEN_BUCKET)!, [...buckets.values()])).toEqual(f);
    }
  });

  it.each(fleets)("give %s the same indicators as the whole facts for every year, half and quarter", (_name, fleet) => {
    for (let year = 2006; year <= 2028; year += 1) {
      for (const period of [`${year}`, `${year}-H1`, `${year}-H2`, `${year}-Q2`, `${year}-11`]) {
        const w = resolveWindow({ period }, Date.UTC(2040, 0, 1));
        expect(computeIndicators(sliced(fleet, w), w, none), period).toEqual(computeIndicators(fleet, w, none));
      }
    }
  });

  it('give the same indicators for any window and "as of" over the simulated years', () => {
    const fleet = simulatedFleet();
    const day = 86_400_000;
    const start = Date.UTC(2006, 0, 1);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 22 * 365 }), fc.integer({ min: 1, max: 6 * 365 }), fc.integer({ min: 0, max: 6 * 365 }), (a, len, asOfBack) => {
        const from = start + a * day;
        const to = from + len * day;
        const iso = (t: number) => new Date(t).toISOString();
        const w = resolveWindow({ from: iso(from), to: iso(to), asOf: iso(Math.max(from, to - asOfBack * day)) }, to);
        expect(computeIndicators(sliced(fleet, w), w, none)).toEqual(computeIndicators(fleet, w, none));
      }),
      { numRuns: 60 },
    );
  });

  it('put a closed item only in the years it spans and an open one in the base bucket', () => {
    const fleet = simulatedFleet();
    const long = fleet.find((f) => f.rounds.length > 10)!;
    const buckets = bucketFacts(long);
    const first = long.rounds[0]!;
    const inYear = (y: number) => (buckets.get(y)?.lists.rounds ?? []).map(([i]) => i);
    expect(inYear(new Date(first.opensAt).getUTCFullYear())).toContain(0);
    expect(inYear(new Date(first.opensAt).getUTCFullYear() + 3)).not.toContain(0);
    expect(buckets.get(OPEN_BUCKET)!.lists.stages).toHaveLength(1);
  });
});
