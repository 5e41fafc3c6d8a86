import { randomUUID } from 'node:crypto';
import type { Kafka } from 'kafkajs';

/** That a system recorded an event: enough for a reader to fetch what changed, nothing of what it says. */
export interface EventNotice {
  readonly systemId: string;
  readonly sequence: number;
  readonly type: string;
}

/** The lifecycle topic as a live feed of notices, for the API's event stream. */
export interface EventFeed {
  subscribe(listener: (notice: EventNotice) => void): () => void;
  close(): Promise<void>;
}

/** Reads the notice out of a CloudEvent on the topic; anything else is not one. */
export function noticeOf(value: string | undefined): EventNotice | undefined {
  if (!value) return undefined;
  try {
    const e = JSON.parse(value) as { subject?: unknown; sequence?: unknown; type?: unknown };
    if (typeof e.subject !== 'string' || typeof e.sequence !== 'number' || typeof e.type !== 'string') return undefined;
    return { systemId: e.subject, sequence: e.sequence, type: e.type };
  } catch {
    return undefined;
  }
}

/** A plain in-process fan-out; the Kafka feed below fills it, tests may too. */
export function createFanOut(): EventFeed & { emit(notice: EventNotice): void } {
  const listeners = new Set<(n: EventNotice) => void>();
  return {
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    emit(notice) {
      for (const l of listeners) l(notice);
    },
    async close() {
      listeners.clear();
    },
  };
}

/**
 * Follows the topic from its current end. Each API process has a group of its own, because every process streams
 * every event to its own clients; nothing is committed, since a restarted process has no client to catch up.
 */
export async function startKafkaFeed(opts: { kafka: Kafka; topic: string; clientId: string }): Promise<EventFeed> {
  const fanOut = createFanOut();
  const consumer = opts.kafka.consumer({ groupId: `${opts.clientId}-stream-${randomUUID()}` });
  await consumer.connect();
  await consumer.subscribe({ topic: opts.topic, fromBeginning: false });
  await consumer.run({
    autoCommit: false,
    eachMessage: async ({ message }) => {
      const notice = noticeOf(message.value?.toString());
      if (notice) fanOut.emit(notice);
    },
  });
  return {
    subscribe: fanOut.subscribe,
    async close() {
      await fanOut.close();
      await consumer.disconnect();
    },
  };
}
