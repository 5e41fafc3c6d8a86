import type { Kafka } from 'kafkajs';
import { ensureTopic } from '../adapters/kafka.ts';
import { decisionMessage } from '../client/decision-logger.ts';
import { benchRecord } from './decision-fixtures.ts';

/** Records per producer request, in the baseline as in the helper. */
export const BATCH = 200;

/** A fresh topic of the bench's layout (6 partitions). */
export const topicFor = async (kafka: Kafka, name: string) => {
  const topic = `${name}-${Date.now().toString(36)}`;
  const admin = kafka.admin();
  await admin.connect();
  await ensureTopic(admin, { topic, partitions: 6, replication: 1 });
  await admin.disconnect();
  return topic;
};

/** The same records produced in batches of 200 by one idempotent producer and consumed raw: the baseline rate. */
export async function rawRate(kafka: Kafka, systems: readonly string[], run: string, n: number): Promise<{ perSecond: number; topic: string }> {
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
    const messages = Array.from({ length: Math.min(BATCH, n - i) }, (_, j) => decisionMessage(benchRecord(`${run}r`, systems, i + j), 'bench'));
    await producer.send({ topic, acks: -1, messages });
  }
  await all;
  const ms = performance.now() - t0;
  await producer.disconnect();
  await consumer.disconnect();
  return { perSecond: n / (ms / 1000), topic };
}

