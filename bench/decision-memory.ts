import { fork } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Kafka } from 'kafkajs';
import { ensureTopic } from '../adapters/kafka.ts';
import { openDecisionStore } from '../adapters/read-db/decision-store.ts';
import { openReadDb } from '../adapters/read-db/open-read-db.ts';
import { decisionMessage } from '../client/decision-logger.ts';
import { openReadSide } from '../consumer/read-side/read-side.ts';
import { benchRecord, seedRegistry } from './decision-fixtures.ts';
import { progress } from './harness.ts';
import { rssOf } from './stats.ts';

const STREAM = 20_000;
const MiB = 2 ** 20;

type Reply = { ready?: true; stats?: { stored: number }; rss?: number; judgedAt?: Record<string, number> };

/** A checking consumer in a process of its own (`decision-checker-process.ts`), as the API runs it beside the services. */
export async function startCheckerProcess(o: { brokers: readonly string[]; dir: string; url: string | undefined; group: string; topic: string }) {
  const child = fork(fileURLToPath(new URL('./decision-checker-process.ts', import.meta.url)), [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, BENCH_BROKERS: o.brokers.join(','), BENCH_STATE_DIR: o.dir, BENCH_READ_DB_URL: o.url ?? '', BENCH_GROUP: o.group, BENCH_TOPIC: o.topic },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const ask = (what: string) => new Promise<Reply>((resolve) => {
    child.once('message', (m) => resolve(m as Reply));
    child.send(what);
  });
  await new Promise<void>((resolve, reject) => {
    child.once('message', () => resolve());
    child.once('exit', (code) => reject(new Error(`the checker process exited with ${code}`)));
  });
  return {
    pid: child.pid!,
    stats: async () => (await ask('stats')).stats ?? { stored: 0 },
    judgedAt: async () => (await ask('latencies')).judgedAt ?? {},
    stop: async () => {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.send('stop');
      await exited;
    },
  };
}

/**
 * The checking consumer's memory with `stored` decisions in the store: seeds the store in bulk (spread over the six
 * months before now, so several month tables), starts the checker in a process of its own, runs a stream of
 * decisions through it and samples its resident set size.
 */
export async function measureCheckerMemory(o: { kafka: Kafka; brokers: readonly string[]; run: string; stored: number; stateDir: string; readDbUrl?: string | undefined; systems: readonly string[] }) {
  const dir = join(o.stateDir, 'bench-decisions-memory');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const db = await openReadDb({ url: o.readDbUrl, stateDir: dir });
  await openReadSide(db);
  await seedRegistry(db, o.systems);
  const store = await openDecisionStore(db);
  progress(`decisions: seeding ${o.stored} decisions into the store`);
  const t0 = performance.now();
  const month = 30 * 86_400_000;
  for (let i = 0; i < o.stored; i += 5_000) {
    const at = new Date(Date.now() - 6 * month + Math.floor((i / o.stored) * 6 * month)).toISOString();
    await store.insert(Array.from({ length: Math.min(5_000, o.stored - i) }, (_, j) => benchRecord(`${o.run}-seed`, o.systems, i + j, at)));
  }
  const seedSeconds = (performance.now() - t0) / 1000;
  await db.close();

  const topic = `${o.run}-memory`;
  const admin = o.kafka.admin();
  await admin.connect();
  await ensureTopic(admin, { topic, partitions: 6, replication: 1 });
  await admin.disconnect();
  const child = await startCheckerProcess({ brokers: o.brokers, dir, url: o.readDbUrl, group: `${o.run}-memory`, topic });
  const idle = await rssOf(child.pid);
  progress(`decisions: ${STREAM} decisions through the checker over the ${o.stored} stored`);
  const producer = o.kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  for (let i = 0; i < STREAM; i += 200) {
    const messages = Array.from({ length: 200 }, (_, j) => decisionMessage(benchRecord(`${o.run}-stream`, o.systems, o.stored + i + j), 'bench'));
    await producer.send({ topic, acks: -1, messages });
  }
  await producer.disconnect();
  let peak = idle;
  for (;;) {
    peak = Math.max(peak, await rssOf(child.pid));
    if ((await child.stats()).stored >= STREAM) break;
    await new Promise((res) => setTimeout(res, 250));
  }
  const after = await rssOf(child.pid);
  await child.stop();
  return { stored: o.stored, seedSeconds: Math.round(seedSeconds), streamed: STREAM, rssIdleMiB: Math.round(idle / MiB), rssPeakMiB: Math.round(peak / MiB), rssAfterMiB: Math.round(after / MiB) };
}
