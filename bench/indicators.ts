import { isDeepStrictEqual } from 'node:util';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { openReadDb } from '../adapters/read-db/open-read-db.ts';
import { computeIndicators } from '../domain/indicators/compute.ts';
import { emptyFacts, type SystemFacts } from '../domain/indicators/facts.ts';
import { foldFacts } from '../domain/indicators/fold-facts.ts';
import type { IndicatorFilter } from '../domain/indicators/indicators.ts';
import { resolveWindow } from '../domain/indicators/window.ts';
import { evolve } from '../domain/lifecycle/evolve.ts';
import { initialState } from '../domain/lifecycle/state.ts';
import { openIndicatorFacts } from '../consumer/indicator-facts.ts';
import { writeBuckets } from '../consumer/indicator-buckets.ts';
import { prng, simulateSystem, type SimEvent } from './indicator-fleet.ts';
import { progress } from './harness.ts';

const none: IndicatorFilter = { sector: null, tier: null, pack: null };
/** The queries timed: the latest half-year, a filtered year in the middle, and the whole 20 years. */
const QUERIES = [
  { name: '2026-H2, all systems', q: { period: '2026-H2', asOf: '2026-12-31' }, filter: none },
  { name: '2016, finance, high tier', q: { period: '2016' }, filter: { ...none, sector: 'finance', tier: 'high' } },
  { name: '2007-2027, all systems', q: { from: '2007-01-01', to: '2027-01-01' }, filter: none },
] as const;

function fold(systemId: string, events: readonly SimEvent[]): SystemFacts {
  let state = initialState(systemId);
  let facts = emptyFacts(systemId);
  for (const { event, at } of events) {
    state = evolve(state, event);
    facts = foldFacts(facts, { event, time: new Date(at).toISOString(), sequence: state.sequence, hash: 'h' }, state);
  }
  return facts;
}

/**
 * The indicators query at fleet scale: `systems` simulated over `years`, their facts rows seeded into the read side
 * (SQLite in the state folder, or PostgreSQL at `readDbUrl`), each query timed against the same figures folded from
 * the raw events in memory in the same run (the fold of every system's events, then the same computation).
 */
export async function runIndicatorBench(opts: { systems: number; years: number; stateDir: string; readDbUrl?: string | undefined; runs?: number }) {
  const rand = prng(20_260_701);
  progress(`indicators: simulating ${opts.systems} systems over ${opts.years} years and folding their events (the baseline)`);
  const facts: SystemFacts[] = [];
  let events = 0;
  let foldMs = 0;
  for (let i = 0; i < opts.systems; i += 1) {
    const start = Date.UTC(2007, 0, 1) + Math.floor(rand() * 365) * 86_400_000;
    const sim = simulateSystem(i, start, opts.years, rand);
    events += sim.length;
    const t0 = performance.now();
    facts.push(fold(`sys-${i}`, sim));
    foldMs += performance.now() - t0;
  }
  const dir = join(opts.stateDir, 'bench-indicators');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const db = await openReadDb({ url: opts.readDbUrl, stateDir: dir });
  try {
    if (db.dialect === 'postgres') {
      for (const table of ['indicator_fact_buckets', 'indicator_facts']) await db.run(`DROP TABLE IF EXISTS ${table}`).catch(() => undefined);
      await db.run("DELETE FROM read_db_migrations WHERE module = 'indicator-facts'").catch(() => undefined);
    }
    const store = await openIndicatorFacts(db);
    progress(`indicators: seeding ${facts.length} facts rows into ${db.dialect}`);
    for (let i = 0; i < facts.length; i += 500) {
      await db.transaction(async (tx) => {
        for (const f of facts.slice(i, i + 500)) {
          await tx.run('INSERT INTO indicator_facts (system_id, sector, tier, pack, proposed_at, sequence, state, facts) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)',
            [f.systemId, f.sector, f.tier, f.pack, f.proposedAt, f.head?.sequence ?? 0, '{}', JSON.stringify(f)]);
          await writeBuckets(tx, undefined, f);
        }
      });
    }
    const bytes = facts.reduce((n, f) => n + JSON.stringify(f).length, 0);
    const runs = opts.runs ?? 5;
    const queries = [];
    for (const { name, q, filter } of QUERIES) {
      const w = resolveWindow(q, Date.UTC(2026, 11, 31));
      const t0 = performance.now();
      const expected = computeIndicators(facts, w, filter);
      const baselineMs = foldMs + (performance.now() - t0);
      // By year (what GET /v1/indicators reads), and whole histories (what it read before the buckets; the report's).
      const timedQuery = async (from: number | undefined) => {
        const samples: number[] = [];
        let same = true;
        for (let r = 0; r < runs; r += 1) {
          const t1 = performance.now();
          const rows = await store.query({ ...filter, before: w.at, from });
          const got = computeIndicators(rows, w, filter);
          samples.push(performance.now() - t1);
          same &&= isDeepStrictEqual(got, expected);
        }
        samples.sort((a, b) => a - b);
        return { p50: samples[Math.floor(samples.length / 2)]!, max: samples.at(-1)!, same };
      };
      const byYear = await timedQuery(w.from);
      const whole = await timedQuery(undefined);
      queries.push({
        name, factsQueryMsP50: Math.round(byYear.p50), factsQueryMsMax: Math.round(byYear.max), wholeFactsQueryMsP50: Math.round(whole.p50),
        baselineFoldMs: Math.round(baselineMs), speedup: Math.round((baselineMs / byYear.p50) * 10) / 10, sameFigures: byYear.same && whole.same,
      });
    }
    return { engine: db.dialect, systems: opts.systems, years: opts.years, events, meanFactsRowBytes: Math.round(bytes / facts.length), queries };
  } finally {
    await db.close();
  }
}
