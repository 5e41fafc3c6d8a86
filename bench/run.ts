import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { ed25519 } from '@noble/curves/ed25519.js';
import { createEventProducer } from '../adapters/kafka.ts';
import { generateKeyProvider } from '../adapters/signing-keys.ts';
import { toBase64url } from '../events/base64url.ts';
import { sealEvent } from '../events/envelope.ts';
import { checkEventSignature, eventSigningInput } from '../events/event-signature.ts';
import { workflowIdOf } from '../workflows/messages.ts';
import { bareEcho, bareStop } from './bare-workflow.ts';
import type { BareLifecycleInput } from './bare-workflow.ts';
import { decideAndDeploy, proposeAndOpen, runBare, runLifecycle } from './drivers.ts';
import { createHarness, ensureStack, progress } from './harness.ts';
import type { Harness } from './harness.ts';
import { pool, rssOf, summary, type Summary } from './stats.ts';
import { tracingCost } from './tracing-cost.ts';
import { runIndicatorBench } from './indicators.ts';
import { startLiveReadSide } from './live-read-side.ts';
import { compareWithFanOut, readSideFigures } from './read-side-phase.ts';
import { VOTERS } from './drivers.ts';
import { runDecisionBench } from './decisions.ts';
import { loadConfig } from '../config/config.ts';

const program = new Command('bench')
  .description('Measures govflow against a bare Temporal baseline on the same server, in the same run.')
  .option('--lifecycles <n>', 'concurrent lifecycles per throughput round', '50')
  .option('--latency-samples <n>', 'lifecycles measured one at a time for decision latency (3 votes each)', '20')
  .option('--scale <n>', 'open lifecycles for the scale and memory phase (0 skips it)', '1000')
  .option('--concurrency <n>', 'client-side concurrency of the scale phase', '64')
  .option('--indicator-systems <n>', 'systems simulated for the indicators query (0 skips it)', '10000')
  .option('--indicator-years <n>', 'years of simulated history for the indicators query', '20')
  .option('--decisions <n>', 'decision records for the decision-trail ingest rate and check latency (0 skips it)', '20000')
  .option('--decision-store <n>', 'decisions stored before measuring the checking consumer\'s memory (0 skips it)', '1000000')
  .option('--no-signing-cost', 'skip the null-signer round (the cost of signing)')
  .option('--no-tracing-cost', 'skip the traced round (the cost of tracing)')
  .option('--no-read-side', 'skip the read-side query and projection-lag figures')
  .parse();
const opts = program.opts<{ lifecycles: string; latencySamples: string; scale: string; concurrency: string; indicatorSystems: string; indicatorYears: string; decisions: string; decisionStore: string; signingCost: boolean; tracingCost: boolean; readSide: boolean }>();
const N = Number(opts.lifecycles);
const L = Number(opts.latencySamples);
const S = Number(opts.scale);
const C = Number(opts.concurrency);

const ids = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}-${i}`);
let runSeq = 0;
const runId = () => `b${Date.now().toString(36)}${(runSeq++).toString(36)}`;

/** Reads a finished lifecycle's history: its length, and the shape the baseline must copy. */
async function shapeOf(h: Harness, systemId: string): Promise<{ historyEvents: number; shape: Omit<BareLifecycleInput, 'systemId'> }> {
  const history = await h.client.workflow.getHandle(workflowIdOf(systemId)).fetchHistory();
  const events = history.events ?? [];
  const firstUpdate = events.findIndex((e) => e.workflowExecutionUpdateAcceptedEventAttributes);
  const isActivity = (e: (typeof events)[number]) => Boolean(e.activityTaskScheduledEventAttributes);
  const before = events.slice(0, firstUpdate).filter(isActivity).length;
  const total = events.filter(isActivity).length;
  const updates = events.filter((e) => e.workflowExecutionUpdateAcceptedEventAttributes).length;
  return { historyEvents: events.length, shape: { activitiesBeforeReview: before, updates, activitiesPerUpdate: Math.max(1, Math.round((total - before) / updates)) } };
}

async function throughputRound(h: Harness, shape: Omit<BareLifecycleInput, 'systemId'>) {
  const bareIds = ids(runId(), N);
  let t = performance.now();
  await Promise.all(bareIds.map((id) => runBare(h.client, h.watcher, h.taskQueue, shape, id)));
  const bareMs = performance.now() - t;
  const govIds = ids(runId(), N);
  const before = h.watcher.total;
  t = performance.now();
  await Promise.all(govIds.map((id) => runLifecycle(h.gc, h.watcher, h.template, id)));
  const govMs = performance.now() - t;
  return { bareMs, govMs, govEvents: h.watcher.total - before };
}

async function latencyPhase(h: Harness) {
  const votes: number[] = [];
  for (const id of ids(runId(), L)) votes.push(...(await runLifecycle(h.gc, h.watcher, h.template, id, { measureVotes: true })).voteLatencies);
  const echo = await h.client.workflow.start('bareEchoWorkflow', { taskQueue: h.taskQueue, workflowId: `echo:${runId()}` });
  const producer = createEventProducer(h.kafka);
  await producer.connect();
  const baseline: number[] = [];
  const key = runId();
  for (let i = 0; i < votes.length; i++) {
    let t = performance.now();
    await echo.executeUpdate(bareEcho, { args: [i] });
    const update = performance.now() - t;
    t = performance.now();
    await producer.send({ topic: h.rttTopic, acks: -1, messages: [{ key, value: JSON.stringify({ id: `${key}:${i}` }) }] });
    await h.watcher.waitFor(key, (s) => s.value.id === `${key}:${i}`);
    baseline.push(update + (performance.now() - t));
  }
  await echo.executeUpdate(bareStop);
  await producer.disconnect();
  return { vote: summary(votes), baseline: summary(baseline) };
}

/** Throughput and vote latency with a null signer, against the signed figures of the same run; and sign/verify per event. */
async function signingCost(h: Harness, shape: Omit<BareLifecycleInput, 'systemId'>, signed: { eventsPerSecond: number; p99: number }) {
  await h.worker.kill('SIGTERM');
  await h.worker.restart({ BENCH_NULL_SIGNER: '1' });
  try {
    const round = await throughputRound(h, shape);
    const latency = await latencyPhase(h);
    const micro = signVerifyMicros(2000);
    return {
      signed: { eventsPublishedPerSecond: signed.eventsPerSecond, voteToEventP99Ms: signed.p99 },
      unsigned: { eventsPublishedPerSecond: round.govEvents / (round.govMs / 1000), voteToEventP99Ms: latency.vote.p99 },
      ...micro,
    };
  } finally {
    await h.worker.kill('SIGTERM');
    await h.worker.restart();
  }
}

/** Microseconds per Ed25519 event signature and per verification (hash check included), on this machine. */
function signVerifyMicros(n: number): { signMicrosPerEvent: number; verifyMicrosPerEvent: number } {
  const keys = generateKeyProvider();
  const secret = ed25519.utils.randomSecretKey();
  const events = Array.from({ length: n }, (_, i) => ({ ...sealEvent({ event: { type: 'review.vote_cast', data: { i } }, systemId: 'bench-sign', sequence: i + 1, prevHash: null, namespace: 'bench', policyVersion: 'bench@1', time: new Date(0).toISOString() }) }));
  let t = performance.now();
  const signedEvents = events.map((e) => ({ ...e, sigkid: keys.signer.kid, sig: toBase64url(ed25519.sign(eventSigningInput(keys.signer.kid, e.hash), secret)) }));
  const sign = ((performance.now() - t) * 1000) / n;
  const trusted = new Map([[keys.signer.kid, ed25519.getPublicKey(secret)]]);
  t = performance.now();
  for (const e of signedEvents) checkEventSignature(e, trusted);
  return { signMicrosPerEvent: sign, verifyMicrosPerEvent: ((performance.now() - t) * 1000) / n };
}

async function scalePhase<T>(h: Harness, expectedEvents: number, whileOpen: () => Promise<T>) {
  const scaleIds = ids(runId(), S);
  const rssBefore = await rssOf(h.worker.pid);
  let opened = 0;
  const t0 = performance.now();
  await pool(scaleIds, C, async (id) => {
    await proposeAndOpen(h.gc, h.template, id);
    if (++opened % 100 === 0) progress(`  ${opened}/${S} lifecycles open`);
  });
  const openMs = performance.now() - t0;
  const rssOpen = await rssOf(h.worker.pid);
  progress(`  worker RSS ${(rssBefore / 2 ** 20).toFixed(0)} MiB before, ${(rssOpen / 2 ** 20).toFixed(0)} MiB with ${S} open: ${((rssOpen - rssBefore) / 1024 / S).toFixed(0)} KiB per open lifecycle`);
  const measuredOpen = await whileOpen();
  // The fan-out's thousand queries replay evicted workflows and can push workflow tasks past their timeout; an update
  // is refused while a task is being retried, so let those retries finish before the votes start.
  await new Promise((r) => setTimeout(r, 30_000));
  let done = 0;
  await pool(scaleIds, C, async (id) => {
    await decideAndDeploy(h.gc, h.watcher, h.template, id);
    if (++done % 100 === 0) progress(`  ${done}/${S} lifecycles deployed`);
  });
  const totalMs = performance.now() - t0;
  // Exact event counts: every system's events, deduped by id, are exactly 1..expected with none missing.
  const wrong = scaleIds.filter((id) => {
    const seqs = new Set(h.watcher.seen(id).map((s) => s.value.sequence as number));
    return seqs.size !== expectedEvents || ![...seqs].every((q) => q >= 1 && q <= expectedEvents);
  });
  return {
    lifecycles: S,
    openSeconds: openMs / 1000,
    totalSeconds: totalMs / 1000,
    lifecyclesPerSecond: S / (totalMs / 1000),
    workerRssBeforeMiB: rssBefore / 2 ** 20,
    workerRssOpenMiB: rssOpen / 2 ** 20,
    workerRssPerOpenWorkflowKiB: (rssOpen - rssBefore) / 1024 / S,
    systemsWithWrongEventCount: wrong.length,
    measuredOpen,
  };
}

ensureStack();
const h = await createHarness('bench');
try {
  progress('warm-up: 5 lifecycles, then read the shape of one for the baseline');
  const warm = ids(runId(), 5);
  await Promise.all(warm.map((id) => runLifecycle(h.gc, h.watcher, h.template, id)));
  const { historyEvents, shape } = await shapeOf(h, warm[0] as string);
  const eventsPerLifecycle = h.watcher.seen(warm[0] as string).length;
  await Promise.all(ids(runId(), 5).map((id) => runBare(h.client, h.watcher, h.taskQueue, shape, id)));
  progress(`a lifecycle: ${eventsPerLifecycle} events, ${historyEvents} history events; baseline shape ${JSON.stringify(shape)}`);

  const rounds: Awaited<ReturnType<typeof throughputRound>>[] = [];
  for (let r = 1; r <= 2; r++) {
    progress(`throughput round ${r}/2: ${N} bare, then ${N} govflow lifecycles concurrently`);
    rounds.push(await throughputRound(h, shape));
  }
  const best = (k: 'bareMs' | 'govMs') => Math.min(...rounds.map((r) => r[k]));
  progress(`  engine overhead ${(best('govMs') / best('bareMs')).toFixed(2)} (best bare ${best('bareMs').toFixed(0)} ms, best govflow ${best('govMs').toFixed(0)} ms for ${N})`);
  const govEvents = rounds.reduce((a, r) => a + r.govEvents, 0);
  const govSeconds = rounds.reduce((a, r) => a + r.govMs, 0) / 1000;
  progress(`decision latency: ${L} lifecycles one at a time, each vote timed to its event on the topic`);
  const latency = await latencyPhase(h);
  let signing = null;
  if (opts.signingCost) {
    progress('the cost of signing: the same worker with a signer that does no cryptography, one round and the latency phase');
    signing = await signingCost(h, shape, { eventsPerSecond: govEvents / govSeconds, p99: latency.vote.p99 });
  }
  let tracing = null;
  if (opts.tracingCost) {
    progress('the cost of tracing: client and worker tracing to an in-memory exporter, one round and the latency phase');
    tracing = await tracingCost(h, { eventsPublishedPerSecond: govEvents / govSeconds, voteToEventP99Ms: latency.vote.p99 }, async (traced) => {
      const round = await throughputRound(traced, shape);
      return { eventsPublishedPerSecond: round.govEvents / (round.govMs / 1000), voteToEventP99Ms: (await latencyPhase(traced)).vote.p99 };
    });
  }
  let scale = null;
  if (S > 0) {
    progress(`scale: ${S} lifecycles open at once on one worker, the inbox read both ways while all are open, then all decided and deployed`);
    // The read side folds the run's topic as the API would, so the inbox is compared on the same open rounds.
    const live = await startLiveReadSide({ kafka: h.kafka, topic: h.topic, trustedKeys: h.eventKeys });
    try {
      scale = await scalePhase(h, eventsPerLifecycle, () => compareWithFanOut(h, live, VOTERS[0]));
    } finally {
      await live.close();
    }
  }
  const readSide = opts.readSide ? await readSideFigures(h) : null;
  const indicatorSystems = Number(opts.indicatorSystems);
  const config = loadConfig();
  const indicators = indicatorSystems > 0
    ? await runIndicatorBench({ systems: indicatorSystems, years: Number(opts.indicatorYears), stateDir: config.GOVFLOW_STATE_DIR, readDbUrl: config.GOVFLOW_READ_DB_URL })
    : null;
  const decisionRecords = Number(opts.decisions);
  const decisions = decisionRecords > 0
    ? await runDecisionBench({ kafka: h.kafka, brokers: config.GOVFLOW_KAFKA_BROKERS, records: decisionRecords, stored: Number(opts.decisionStore), stateDir: config.GOVFLOW_STATE_DIR, readDbUrl: config.GOVFLOW_READ_DB_URL })
    : null;
  const result = {
    at: new Date().toISOString(),
    machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version },
    parameters: { lifecycles: N, latencySamples: L, scale: S, concurrency: C },
    lifecycle: { eventsPerLifecycle, historyEvents, baselineShape: shape },
    throughput: {
      bareLifecyclesPerSecond: N / (best('bareMs') / 1000),
      govflowLifecyclesPerSecond: N / (best('govMs') / 1000),
      overheadRatio: best('govMs') / best('bareMs'),
      eventsPublishedPerSecond: govEvents / govSeconds,
      rounds,
    },
    decisionLatencyMs: { ...latency, p99Ratio: latency.vote.p99 / latency.baseline.p99 },
    signing,
    tracing,
    scale,
    readSide,
    indicators,
    decisions,
  };
  await printAndSave(result);
} finally {
  await h.close();
}

async function printAndSave(result: Record<string, unknown> & { throughput: Record<string, number | unknown>; decisionLatencyMs: { vote: ReturnType<typeof summary>; baseline: ReturnType<typeof summary>; p99Ratio: number }; signing: Awaited<ReturnType<typeof signingCost>> | null; tracing: Awaited<ReturnType<typeof tracingCost>> | null; scale: Awaited<ReturnType<typeof scalePhase<Awaited<ReturnType<typeof compareWithFanOut>>>>> | null; readSide: Awaited<ReturnType<typeof readSideFigures>> | null; indicators: Awaited<ReturnType<typeof runIndicatorBench>> | null; decisions: Awaited<ReturnType<typeof runDecisionBench>> | null }) {
  const dir = fileURLToPath(new URL('./results/', import.meta.url));
  await mkdir(dir, { recursive: true });
  const file = `${dir}bench-${(result.at as string).replace(/[:.]/g, '-')}.json`;
  await writeFile(file, `${JSON.stringify(result, null, 2)}\n`);
  const f = (x: unknown, d = 2) => (typeof x === 'number' ? x.toFixed(d) : String(x));
  const t = result.throughput;
  const l = result.decisionLatencyMs;
  const rows: [string, string][] = [
    ['lifecycles/s, bare baseline', f(t.bareLifecyclesPerSecond)],
    ['lifecycles/s, govflow', f(t.govflowLifecyclesPerSecond)],
    ['engine overhead (govflow time / bare time; target <= 1.2)', f(t.overheadRatio)],
    ['events published/s', f(t.eventsPublishedPerSecond, 1)],
    ['vote -> event consumed p50 / p95 / p99 ms', `${l.vote.p50} / ${l.vote.p95} / ${l.vote.p99}`],
    ['baseline (bare update + raw produce->consume) p50 / p95 / p99 ms', `${l.baseline.p50} / ${l.baseline.p95} / ${l.baseline.p99}`],
    ['decision latency p99 ratio (target <= 2)', f(l.p99Ratio)],
  ];
  if (result.signing) {
    const sg = result.signing;
    rows.push(
      ['signing: events published/s signed / with a null signer', `${f(sg.signed.eventsPublishedPerSecond, 1)} / ${f(sg.unsigned.eventsPublishedPerSecond, 1)}`],
      ['signing: vote -> event p99 ms signed / with a null signer', `${f(sg.signed.voteToEventP99Ms, 1)} / ${f(sg.unsigned.voteToEventP99Ms, 1)}`],
      ['signing: Ed25519 sign / verify per event, µs', `${f(sg.signMicrosPerEvent, 0)} / ${f(sg.verifyMicrosPerEvent, 0)}`],
    );
  }
  if (result.tracing) {
    const tr = result.tracing;
    rows.push(
      ['tracing: events published/s off / on (in-memory exporter)', `${f(tr.off.eventsPublishedPerSecond, 1)} / ${f(tr.on.eventsPublishedPerSecond, 1)}`],
      ['tracing: vote -> event p99 ms off / on', `${f(tr.off.voteToEventP99Ms, 1)} / ${f(tr.on.voteToEventP99Ms, 1)}`],
      ['tracing: throughput ratio on/off, p99 ratio on/off', `${f(tr.throughputRatio)} / ${f(tr.p99Ratio)}`],
    );
  }
  if (result.scale) {
    const s = result.scale;
    rows.push(
      [`scale: ${s.lifecycles} lifecycles, total seconds`, f(s.totalSeconds, 1)],
      ['scale: worker RSS before / with all open, MiB', `${f(s.workerRssBeforeMiB, 0)} / ${f(s.workerRssOpenMiB, 0)}`],
      ['scale: worker RSS per open workflow, KiB', f(s.workerRssPerOpenWorkflowKiB, 1)],
      ['scale: systems with a wrong event count', String(s.systemsWithWrongEventCount)],
    );
    const m = s.measuredOpen;
    const pair = (x: { p50: number; p99: number }) => `${x.p50} / ${x.p99}`;
    rows.push(
      [`inbox of ${m.member}, ${m.roundsScanned} open rounds: fan-out (a query per round) p50 / p99 ms`, pair(m.inbox.fanOutMs)],
      ['inbox: read side, first page, p50 / p99 ms', pair(m.inbox.readSideFirstPageMs)],
      ['inbox: fan-out / read side, p50 / p99 ratio', pair(m.inbox.fanOutOverReadSide)],
      ['list, first 50: Temporal visibility / read side p50 ms', `${m.list.temporalVisibilityMs.p50} / ${m.list.readSideMs.p50} (ratio ${m.list.visibilityOverReadSide.p50})`],
    );
  }
  for (const e of result.readSide?.queries ?? []) {
    for (const q of e.sizes as { openSystems: number; inboxFirstPageMs: Summary; inboxPage20Ms: Summary; listFirstPageMs: Summary; listScopedFilteredMs: Summary; searchMs: Summary }[]) {
      const pq = (x: Summary) => `${x.p50} / ${x.p99}`;
      rows.push([`read side ${e.engine}, ${q.openSystems} systems: inbox page 1 / page 20 / list / scoped list / search p50 / p99 ms`, [q.inboxFirstPageMs, q.inboxPage20Ms, q.listFirstPageMs, q.listScopedFilteredMs, q.searchMs].map(pq).join(', ')]);
    }
  }
  for (const l of result.readSide?.lag ?? []) rows.push([`projection lag ${l.engine}, produced -> visible in a read (${l.events} events, ${l.streams} streams) p50 / p99 ms`, `${l.lagMs.p50} / ${l.lagMs.p99}`]);
  for (const q of result.indicators?.queries ?? []) {
    rows.push([`indicators (${result.indicators!.systems} systems, ${result.indicators!.years} years): ${q.name}, by-year facts p50 ms / whole facts / events folded ms`, `${q.factsQueryMsP50} / ${q.wholeFactsQueryMsP50} / ${q.baselineFoldMs} (${q.speedup}x, same figures: ${q.sameFigures})`]);
  }
  const d = result.decisions;
  if (d) {
    rows.push([`decision ingest records/s: raw kafkajs / helper -> checker -> store (${d.engine}); ratio (target >= 0.8)`, `${d.rawPerSecond} / ${d.govflowPerSecond}; ${d.ratio}`]);
    rows.push(['decision check latency p50 / p95 / p99 ms (target p99 < 100)', `${d.checkLatencyMs.p50} / ${d.checkLatencyMs.p95} / ${d.checkLatencyMs.p99}`]);
    if (d.memory) rows.push([`decision checker RSS MiB with ${d.memory.stored} stored: idle / peak / after`, `${d.memory.rssIdleMiB} / ${d.memory.rssPeakMiB} / ${d.memory.rssAfterMiB}`]);
  }
  const width = Math.max(...rows.map((r) => r[0].length));
  process.stdout.write(`\n${rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join('\n')}\n\nresults: ${file}\n`);
}
