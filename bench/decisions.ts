import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Kafka } from 'kafkajs';
import { ensureTopic } from '../adapters/kafka.ts';
import { openDecisionStore } from '../adapters/read-db/decision-store.ts';
import { openReadDb } from '../adapters/read-db/open-read-db.ts';
import type { ReadDb } from '../adapters/read-db/read-db.ts';
import { createDecisionLogger, decisionMessage, type DecisionInput } from '../client/decision-logger.ts';
import type { DecisionRecord } from '../events/decision-record.ts';
import { createDecisionChecker } from '../consumer/decision-checker.ts';
import { openReadSide } from '../consumer/read-side/read-side.ts';
import { defaultDecisionTrail } from '../domain/policy-pack.ts';
import { benchRecord, seedRegistry } from './decision-fixtures.ts';
import { measureCheckerMemory, startCheckerProcess } from './decision-memory.ts';
import { progress } from './harness.ts';
import { summary } from './stats.ts';

const SYSTEMS = Array.from({ length: 20 }, (_, i) => `bench-decisions-${i}`);
const BATCH = 200;

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

const topicFor = async (kafka: Kafka, name: string) => {
  const topic = `${name}-${Date.now().toString(36)}`;
  const admin = kafka.admin();
  await admin.connect();
  await ensureTopic(admin, { topic, partitions: 6, replication: 1 });
  await admin.disconnect();
  return topic;
};

/** The same records produced in batches of 200 by one idempotent producer and consumed raw: the baseline rate. */
async function rawRate(kafka: Kafka, run: string, n: number): Promise<{ perSecond: number; topic: string }> {
  const topic = await topicFor(kafka, `${run}-raw`);
  const consumer = kafka.consumer({ groupId: `${run}-raw`, allowAutoTopicCreation: false });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  let seen = 0;
  let done!: () => void;
  const all = new Promise<void>((r) => (done = r));
  const joined = new Promise<void>((r) => consumer.on(consumer.events.GROUP_JOIN, () => r()));
  await consumer.run({ eachBatch: async ({ batch }) => void ((seen += batch.messages.length) >= n && done()) });
  await joined;
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
  await producer.connect();
  const t0 = performance.now();
  for (let i = 0; i < n; i += BATCH) {
    const messages = Array.from({ length: Math.min(BATCH, n - i) }, (_, j) => decisionMessage(benchRecord(`${run}r`, SYSTEMS, i + j), 'bench'));
    await producer.send({ topic, acks: -1, messages });
  }
  await all;
  const ms = performance.now() - t0;
  await producer.disconnect();
  await consumer.disconnect();
  return { perSecond: n / (ms / 1000), topic };
}

/**
 * Decision ingest: records from the helper (`createDecisionLogger`) through the checking consumer into the read
 * side's store (state looked up in the read side's registry, every record judged), against a raw kafkajs
 * produce-to-consume of the same records on the same broker in the same run; then check latency at a steady pace
 * (logged to judged); then the checker's memory with `stored` decisions in the store.
 */
export async function runDecisionBench(opts: DecisionBenchOptions) {
  const run = `bd${Date.now().toString(36)}`;
  const n = opts.records;
  progress(`decisions: raw kafkajs produce -> consume of ${n} records`);
  const raw = await rawRate(opts.kafka, run, n);
  const rawPerSecond = raw.perSecond;

  const dir = join(opts.stateDir, 'bench-decisions');
  const db = await freshDb(opts.stateDir, 'bench-decisions', opts.readDbUrl);
  const readSide = await openReadSide(db);
  await seedRegistry(db, SYSTEMS);
  const store = await openDecisionStore(db);
  const topic = await topicFor(opts.kafka, `${run}-trail`);
  // The checker runs in a process of its own, as it does in the API, apart from the services that log.
  const checker = await startCheckerProcess({ brokers: opts.brokers, dir, url: opts.readDbUrl, group: `${run}-checker`, topic });
  const until = async (count: number) => {
    while ((await checker.stats()).stored < count) await new Promise((r) => setTimeout(r, 20));
  };
  const loggers = SYSTEMS.map((systemId) => createDecisionLogger({ kafka: opts.kafka, systemId, version: '1.0.0', topic, service: 'bench' }));
  const log = (i: number, id = `${run}-${i}`) => {
    const r: Partial<DecisionRecord> = { ...benchRecord(run, SYSTEMS, i), decisionId: id };
    // The logger fills in the system and the version it was made for.
    delete r.systemId;
    delete r.modelVersion;
    return loggers[i % SYSTEMS.length]!.log(r as DecisionInput);
  };

  progress(`decisions: ${n} records through the helper and the checking consumer into the read side (${db.dialect})`);
  const t0 = performance.now();
  for (let i = 0; i < n; i += BATCH * SYSTEMS.length) {
    await Promise.all(Array.from({ length: Math.min(BATCH * SYSTEMS.length, n - i) }, (_, j) => log(i + j)));
  }
  const loggedMs = performance.now() - t0;
  await until(n);
  const govflowPerSecond = n / ((performance.now() - t0) / 1000);

  const paced = Math.min(1000, n);
  progress(`decisions: check latency of ${paced} records logged one every 5 ms`);
  const loggedAt = new Map<string, number>();
  for (let i = n; i < n + paced; i += 1) {
    const id = `${run}-lat-${i}`;
    loggedAt.set(id, Date.now());
    void log(i, id);
    await new Promise((r) => setTimeout(r, 5));
  }
  await until(n + paced);
  const judgedAt = await checker.judgedAt();
  const latencies = [...loggedAt].map(([id, at]) => (judgedAt[id] ?? Number.NaN) - at);
  const stats = await checker.stats();
  await Promise.all(loggers.map((l) => l.close()));
  await checker.stop();

  // The checker alone: the raw phase's records, already on their topic, drained into the same store.
  progress(`decisions: the checking consumer alone draining ${n} records already on the topic`);
  let drained = 0;
  let drainedAll = () => undefined as void;
  const drainDone = new Promise<void>((r) => (drainedAll = r));
  const drainer = createDecisionChecker({
    kafka: opts.kafka, groupId: `${run}-drain`, topic: raw.topic, store, actor: 'svc-decision-checker',
    recorder: { recordDecisionViolation: async () => undefined, recordOversightReview: async () => undefined },
    stateOf: (id) => readSide.state(id),
    trailOf: async () => defaultDecisionTrail,
    onChecked: (records) => void ((drained += records.length) >= n && drainedAll()),
  });
  const t1 = performance.now();
  await drainer.start();
  await drainDone;
  const drainPerSecond = n / ((performance.now() - t1) / 1000);
  await drainer.stop();
  await db.close();
  const memory = opts.stored > 0 ? await measureCheckerMemory({ kafka: opts.kafka, brokers: opts.brokers, run, stored: opts.stored, stateDir: opts.stateDir, readDbUrl: opts.readDbUrl, systems: SYSTEMS }) : null;
  return {
    records: n,
    engine: db.dialect,
    rawPerSecond: Math.round(rawPerSecond),
    govflowPerSecond: Math.round(govflowPerSecond),
    /** The helper alone: every `log` resolved (the broker has the record), before the checker is done. */
    helperPerSecond: Math.round(n / (loggedMs / 1000)),
    ratio: Math.round((govflowPerSecond / rawPerSecond) * 100) / 100,
    /** The checking consumer alone, from a topic that already holds the records (group join included). */
    checkerDrainPerSecond: Math.round(drainPerSecond),
    checkLatencyMs: summary(latencies),
    checker: stats,
    memory,
  };
}
