import { randomUUID } from 'node:crypto';
import type { Kafka, KafkaMessage } from 'kafkajs';

/** What to read: a topic from its start up to the high-water marks of the moment of the call. */
export interface ReadToEndOptions {
  readonly kafka: Kafka;
  readonly topic: string;
  /** Awaited before the next record: a slow handler slows the read, never reorders it. */
  readonly onMessage: (partition: number, message: KafkaMessage) => void | Promise<void>;
  readonly timeoutMs?: number;
}

/**
 * Reads every record of a topic that exists when called, partition by partition in offset order, with a throwaway
 * group that commits nothing and is deleted afterwards; later records are ignored, so the read always ends.
 */
export async function readTopicToEnd(opts: ReadToEndOptions): Promise<void> {
  const timeoutMs = opts.timeoutMs ?? 60_000;
  const admin = opts.kafka.admin();
  await admin.connect();
  const groupId = `govflow-reader-${randomUUID()}`;
  try {
    const offsets = await admin.fetchTopicOffsets(opts.topic);
    const pending = new Map(
      offsets.filter((o) => BigInt(o.high) > BigInt(o.low)).map((o) => [o.partition, BigInt(o.high) - 1n]),
    );
    if (pending.size === 0) return;
    const consumer = opts.kafka.consumer({ groupId, allowAutoTopicCreation: false });
    await consumer.connect();
    try {
      await consumer.subscribe({ topic: opts.topic, fromBeginning: true });
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`reading ${opts.topic} timed out after ${timeoutMs} ms`)),
          timeoutMs,
        );
        let failed = false;
        const eachMessage = async ({ partition, message }: { partition: number; message: KafkaMessage }) => {
          const last = pending.get(partition);
          if (failed) return;
          if (last === undefined || BigInt(message.offset) > last) return;
          try {
            await opts.onMessage(partition, message);
          } catch (err) {
            // The caller's failure ends the read; kafkajs would otherwise retry the record forever.
            failed = true;
            clearTimeout(timer);
            reject(err as Error);
            return;
          }
          if (BigInt(message.offset) >= last) pending.delete(partition);
          if (pending.size === 0) {
            clearTimeout(timer);
            resolve();
          }
        };
        consumer.run({ autoCommit: false, eachMessage }).catch(reject);
      });
    } finally {
      await consumer.disconnect();
    }
    // Housekeeping only: a group left behind expires on its own.
    await admin.deleteGroups([groupId]).catch(() => undefined);
  } finally {
    await admin.disconnect();
  }
}
