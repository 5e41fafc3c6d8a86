import { loadConfig } from '../config/config.ts';
import { fanOutInbox } from './fan-out.ts';
import type { Harness } from './harness.ts';
import { progress } from './harness.ts';
import type { LiveReadSide } from './live-read-side.ts';
import { projectionLag } from './projection-lag.ts';
import { benchPostgresUrl, postgresEngine, readSideQueryBench } from './read-side.ts';
import { timed, type Summary } from './stats.ts';

const ratio = (a: Summary, b: Summary) => ({ p50: Math.round((a.p50 / b.p50) * 10) / 10, p99: Math.round((a.p99 / b.p99) * 10) / 10 });

/**
 * With the scale phase's lifecycles all in review on the real Temporal server, and the projection folding their
 * topic: `member`'s inbox the old way (one Temporal query per open round) against one page from the read side, and
 * the first page of the list from Temporal's visibility store against the read side's, measured back to back.
 */
export async function compareWithFanOut(h: Harness, live: LiveReadSide, member: string, opts: { fanOutSamples?: number; samples?: number } = {}) {
  await live.caughtUp();
  const scope = { kind: 'related', sub: member } as const;
  const first = await fanOutInbox(h.gc, member);
  const page = await live.readSide.pending(scope, member, { pageSize: 50 });
  progress(`  fan-out scans ${first.scanned} rounds (${first.waiting} wait for ${member}); the read side's first page holds ${page.items.length}`);
  const fanOut = await timed(opts.fanOutSamples ?? 5, () => fanOutInbox(h.gc, member));
  const projection = await timed(opts.samples ?? 200, () => live.readSide.pending(scope, member, { pageSize: 50 }));
  const visibilityList = await timed(Math.min(50, opts.samples ?? 200), () => h.gc.list({ pageSize: 50 }));
  const projectionList = await timed(opts.samples ?? 200, () => live.readSide.list({ kind: 'all' }, { pageSize: 50 }));
  return {
    member,
    roundsScanned: first.scanned,
    roundsWaiting: first.waiting,
    inbox: { fanOutMs: fanOut, readSideFirstPageMs: projection, fanOutOverReadSide: ratio(fanOut, projection) },
    list: { temporalVisibilityMs: visibilityList, readSideMs: projectionList, visibilityOverReadSide: ratio(visibilityList, projectionList) },
  };
}

/** The read side's own figures: query latencies at 1,000 and 10,000 systems, and projection lag, on each engine. */
export async function readSideFigures(h: Harness, opts: { samples?: number } = {}) {
  const config = loadConfig();
  const postgresUrl = benchPostgresUrl(config.GOVFLOW_STATE_DIR, config.GOVFLOW_READ_DB_URL);
  progress(`read side: inbox and list latency at 1,000 and 10,000 systems on SQLite${postgresUrl ? ' and PostgreSQL' : ' (no PostgreSQL running: start the stack with GOVFLOW_STACK_POSTGRES=1 for its figures)'}`);
  const queries = await readSideQueryBench({ postgresUrl, sizes: [1000, 10_000], samples: opts.samples ?? 200 });
  progress('read side: projection lag, event produced to visible in a read, on the real broker');
  const lag = [await projectionLag({ kafka: h.kafka, topic: `${h.topic}.lag-sqlite` })];
  if (postgresUrl) {
    const engine = await postgresEngine(postgresUrl);
    lag.push(await projectionLag({ kafka: h.kafka, topic: `${h.topic}.lag-postgres`, db: engine.db, onClose: engine.dispose }));
  }
  return { queries, lag };
}
