import type { Kafka, Message, Producer } from 'kafkajs';
import { createEventProducer } from '../adapters/kafka.ts';
import { parseOrThrow } from '../domain/errors.ts';
import { DECISIONS_TOPIC, DecisionRecord, decisionEventOf, type DecisionRecordInput } from '../events/decision-record.ts';
import { CLOUDEVENTS_CONTENT_TYPE } from '../events/envelope.ts';
import { sha256Canonical } from '../events/hash.ts';

/** What a deployed service says about one decision; the logger fills in the system and the model version. */
export type DecisionInput = Omit<DecisionRecordInput, 'systemId' | 'modelVersion'>;

/** Options of a decision logger: the deployed system, the model version it runs, and how it batches. */
export interface DecisionLoggerOptions {
  readonly kafka: Kafka;
  readonly systemId: string;
  readonly version: string;
  readonly topic?: string;
  /** Names the logging service in each event's `source`; default the system id. */
  readonly service?: string;
  /** Records sent together at most (default 200), and how long a record waits for company (default 10 ms). */
  readonly maxBatch?: number;
  readonly lingerMs?: number;
}

/** A deployed service's decision log: `log` validates at once and resolves when the broker has the record. */
export interface DecisionLogger {
  log(decision: DecisionInput): Promise<void>;
  /** Sends whatever waits now. */
  flush(): Promise<void>;
  close(): Promise<void>;
}

/** The digest to log in place of a decision's input (or of the person it concerns): never the data itself. */
export const digestOf = (value: unknown): string => `sha256:${sha256Canonical(value)}`;

/** The Kafka message of one record: key = systemId, CloudEvents structured JSON. */
export function decisionMessage(record: DecisionRecord, service: string): Message {
  return {
    key: record.systemId,
    value: JSON.stringify(decisionEventOf(record, service)),
    headers: { 'content-type': CLOUDEVENTS_CONTENT_TYPE },
  };
}

interface Pending {
  readonly message: Message;
  readonly done: { resolve: () => void; reject: (e: unknown) => void };
}

/**
 * Creates a decision logger over an idempotent producer (one request in flight, so retries neither duplicate nor
 * reorder). A record that does not fit the contract is refused by `log` with INVALID_INPUT naming each field.
 */
export function createDecisionLogger(opts: DecisionLoggerOptions): DecisionLogger {
  const topic = opts.topic ?? DECISIONS_TOPIC;
  const service = opts.service ?? opts.systemId;
  const maxBatch = opts.maxBatch ?? 200;
  const lingerMs = opts.lingerMs ?? 10;
  const producer: Producer = createEventProducer(opts.kafka);
  const connected = producer.connect();
  let queue: Pending[] = [];
  let timer: NodeJS.Timeout | undefined;
  let sending: Promise<void> = Promise.resolve();

  const send = (): Promise<void> => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    const batch = queue;
    queue = [];
    if (batch.length === 0) return sending;
    // Batches go out one after another, so the topic keeps the order the service logged in.
    sending = sending.then(async () => {
      try {
        await connected;
        await producer.send({ topic, acks: -1, messages: batch.map((p) => p.message) });
        for (const p of batch) p.done.resolve();
      } catch (e) {
        for (const p of batch) p.done.reject(e);
      }
    });
    return sending;
  };

  return {
    log(decision) {
      const record = parseOrThrow(DecisionRecord, { ...decision, systemId: opts.systemId, modelVersion: opts.version }, 'decision record');
      return new Promise<void>((resolve, reject) => {
        queue.push({ message: decisionMessage(record, service), done: { resolve, reject } });
        if (queue.length >= maxBatch) void send();
        else timer ??= setTimeout(() => void send(), lingerMs);
      });
    },
    flush: () => send(),
    async close() {
      await send();
      await connected.catch(() => undefined);
      await producer.disconnect();
    },
  };
}
