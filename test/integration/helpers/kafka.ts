import type { Consumer, Kafka } from 'kafkajs';
import { createKafka, ensureTopic } from '../../../adapters/kafka.ts';
import { testConfig, uniqueName } from './temporal.ts';

export const testKafka: Kafka = createKafka({ brokers: testConfig.GOVFLOW_KAFKA_BROKERS, clientId: 'govflow-test' });

/** Creates a fresh topic for one test, so tests never read each other's events. */
export async function createTestTopic(prefix = 'test'): Promise<string> {
  const topic = uniqueName(`govflow-${prefix}`);
  const admin = testKafka.admin();
  await admin.connect();
  try {
    await ensureTopic(admin, { topic, partitions: 3, replication: 1 });
  } finally {
    await admin.disconnect();
  }
  return topic;
}

export interface ReadMessage {
  key: string | null;
  value: string;
  headers: Record<string, string>;
  partition: number;
  offset: string;
}

/** Reads a topic from the beginning with a fresh group until `enough(messages)` holds or the time runs out. */
export async function readTopic(
  topic: string,
  enough: (messages: ReadMessage[]) => boolean,
  timeoutMs = 30_000,
): Promise<ReadMessage[]> {
  const consumer: Consumer = testKafka.consumer({ groupId: uniqueName('govflow-test-reader') });
  const messages: ReadMessage[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`timed out after ${timeoutMs} ms reading ${topic}: got ${messages.length} messages`)),
        timeoutMs,
      );
      const check = (): void => {
        if (enough(messages)) {
          clearTimeout(timer);
          resolve();
        }
      };
      check();
      void consumer.run({
        eachMessage: async ({ message, partition }) => {
          const headers: Record<string, string> = {};
          for (const [k, v] of Object.entries(message.headers ?? {})) headers[k] = String(v);
          messages.push({
            key: message.key?.toString() ?? null,
            value: message.value?.toString() ?? '',
            headers,
            partition,
            offset: message.offset,
          });
          check();
        },
      });
    });
  } finally {
    await consumer.disconnect();
  }
  return messages;
}
