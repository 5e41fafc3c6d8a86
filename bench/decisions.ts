import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Kafka } from 'kafkajs';
import { openDecisionStore } from '../adapters/read-db/decision-store.ts';
import { openReadDb } from '../adapters/read-db/open-read-db.ts';
import type { ReadDb } from '../adapters/read-db/read-db.ts';
import { createDecisionLogger, type DecisionInput } from '../client/decision-logger.ts';
import type { DecisionRecord } from '../events/decision-record.ts';
import { createDecisionChecker } from '../consumer/decision-checker.ts';
import { openReadSide, type ReadSide } from '../consumer/read-side/read-side.ts';
import type { DecisionStore } from '../adapters/decision-store.ts';
import { defaultDecisionTrail } from '../domain/policy-pack.ts';
import { benchRecord, seedRegistry } from './decision-fixtures.ts';
import { measureCheckerMemory, startCheckerProcess } from './decision-memory.ts';
import { progress } from './harness.ts';
import { BATCH, rawRate, topicFor } from './decision-raw.ts';
import { summary } from './stats.ts';

const SYSTEMS = Array.from({ length: 20 }, (_, i) => `bench-decisions-${i}`);

/** Where the bench's read side lives: a fresh SQLite file in the state folder, or the configured PostgreSQL. */
export interface DecisionBenchOptions {
  readonly kafka: Kafka;
  readonly brokers: readonly string[];
  readonly records: number;
  /** Decisions seeded in the store before the memory phase (0 skips it). */
  readonly stored: number;
  readonly stateDir: string;
  readonly readDbUrl?: string | undefined;
}

async function freshDb(stateDir: string, name: string, url: string | undefined): Promise<ReadDb> {
  const dir = join(stateDir, name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const db = await openReadDb({ url, stateDir: dir });
  if (db.dialect === 'postgres') for (const t of ['decision_counts', 'decision_subjects', 'decision_findings', 'decision_periods', 'decisions CASCADE']) await db.run(`DROP TABLE IF EXISTS ${t}`);
  if (db.dialect === 'postgres') await db.run("DELETE FROM read_db_migrations WHERE module = 'decisions'").catch(() => undefined);
  return db;
}

type CheckerProcess = Awaited<ReturnType<typeof startCheckerProcess>>;

/** Loggers of the bench's systems on `topic`, and a way to log the i-th record (under another id if given). */
function benchLoggers(kafka: Kafka, run: string, topic: string) {
  const loggers = SYSTEMS.map((systemId) => createDecisionLogger({ kafka, systemId, version: '1.0.0', topic, service: 'bench' }));
  return {
    log(i: number, id = `${run}-${i}`) {
      const r: Partial<DecisionRecord> = { ...benchRecord(run, SYSTEMS, i), decisionId: id };
      // The logger fills in the system and the version it was made for.
      delete r.systemId;
      delete r.modelVersion;
      return loggers[i % SYSTEMS.length]!.log(r as DecisionInput);
    },
    close: () => Promise.all(loggers.map((l) => l.close())),
  };
}

const until = async (checker: CheckerProcess, count: number) => {
  while ((await checker.stats()).stored < count) await new Promise((r) => setTimeout(r, 20));
};

/** `n` records logged as fast as the helper takes them: the end-to-end rate, and the helper's own. */
async function ingestPhase(checker: CheckerProcess, loggers: ReturnType<typeof benchLoggers>, n: number) {
  const t0 = performance.now();
  for (let i = 0; i < n; i += BATCH * SYSTEMS.length) {
    await Promise.all(Array.from({ length: Math.min(BATCH * SYSTEMS.length, n - i) }, (_, j) => loggers.log(i + j)));
  }
  const loggedMs = performance.now() - t0;
  await until(checker, n);
  return { perSecond: n / ((performance.now() - t0) / 1000), helperPerSecond: n / (loggedMs / 1000) };
}

/** `paced` records logged one every 5 ms after the first `from`: each one's time from `log()` to judged. */
async function latencyPhase(checker: CheckerProcess, loggers: ReturnType<typeof benchLoggers>, run: string, from: number, paced: number) {
  const loggedAt = new Map<string, number>();
  for (let i = from; i < from + paced; i += 1) {
    const id = `${run}-lat-${i}`;
    loggedAt.set(id, Date.now());
    void loggers.log(i, id);
    await new Promise((r) => setTimeout(r, 5));
  }
  await until(checker, from + paced);
  const judgedAt = await checker.judgedAt();
  return [...loggedAt].map(([id, at]) => (judgedAt[id] ?? Number.NaN) - at);
}

/** The checker alone, in this process: `n` records already on `topic` drained into the store (group join included). */
async function drainPhase(kafka: Kafka, run: string, topic: string, n: number, store: DecisionStore, readSide: ReadSide): Promise<number> {
  let drained = 0;
  let drainedAll = () => undefined as void;
  const done = new Promise<void>((r) => (drainedAll = r));
  const drainer = createDecisionChecker({
    kafka, groupId: `${run}-drain`, topic, store, actor: 'svc-decision-checker',
    recorder: { recordDecisionViolation: async () => undefined, recordOversightReview: async () => undefined },
    stateOf: (id) => readSide.state(id),
    trailOf: async () => defaultDecisionTrail,
    onChecked: (records) => void ((drained += records.length) >= n && drainedAll()),
  });
  const t1 = performance.now();
  await drainer.start();
  await done;
  const perSecond = n / ((performance.now() - t1) / 1000);
  await drainer.stop();
  return perSecond;
}

/**
 * Decision ingest: records from the helper (`createDecisionLogger`) through the checking consumer (in a process of
 * its own, as the API runs it apart from the services) into the read side's store (state looked up in the read
 * side's registry, every record judged), against a raw kafkajs produce-to-consume of the same records on the same
 * broker in the same run; then check latency at a steady pace; the checker alone; and its memory with `stored`
 * decisions in the store.
 */
export async function runDecisionBench(opts: DecisionBenchOptions) {
  const run = `bd${Date.now().toString(36)}`;
  const n = opts.records;
  progress(`decisions: raw kafkajs produce -> consume of ${n} records`);
  const raw = await rawRate(opts.kafka, SYSTEMS, run, n);
  const db = await freshDb(opts.stateDir, 'bench-decisions', opts.readDbUrl);
  const readSide = await openReadSide(db);
  await seedRegistry(db, SYSTEMS);
  const store = await openDecisionStore(db);
  const topic = await topicFor(opts.kafka, `${run}-trail`);
  const checker = await startCheckerProcess({ brokers: opts.brokers, dir: join(opts.stateDir, 'bench-decisions'), url: opts.readDbUrl, group: `${run}-checker`, topic });
  const loggers = benchLoggers(opts.kafka, run, topic);
  progress(`decisions: ${n} records through the helper and the checking consumer into the read side (${db.dialect})`);
  const ingest = await ingestPhase(checker, loggers, n);
  const paced = Math.min(1000, n);
  progress(`decisions: check latency of ${paced} records logged one every 5 ms`);
  const latencies = await latencyPhase(checker, loggers, run, n, paced);
  const stats = await checker.stats();
  await loggers.close();
  await checker.stop();
  progress(`decisions: the checking consumer alone draining ${n} records already on the topic`);
  const drainPerSecond = await drainPhase(opts.kafka, run, raw.topic, n, store, readSide);
  await db.close();
  const memory = opts.stored > 0 ? await measureCheckerMemory({ kafka: opts.kafka, brokers: opts.brokers, run, stored: opts.stored, stateDir: opts.stateDir, readDbUrl: opts.readDbUrl, systems: SYSTEMS }) : null;
  return {
    records: n,
    engine: db.dialect,
    rawPerSecond: Math.round(raw.perSecond),
    govflowPerSecond: Math.round(ingest.perSecond),
    /** The helper alone: every `log` resolved (the broker has the record), before the checker is done. */
    helperPerSecond: Math.round(ingest.helperPerSecond),
    ratio: Math.round((ingest.perSecond / raw.perSecond) * 100) / 100,
    /** The checking consumer alone, from a topic that already holds the records (group join included). */
    checkerDrainPerSecond: Math.round(drainPerSecond),
    checkLatencyMs: summary(latencies),
    checker: stats,
    memory,
  };
}
