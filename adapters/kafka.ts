import { Kafka, Partitioners, logLevel, type Admin, type Producer } from 'kafkajs';
import { kafkaLogCreator, type LogLevelName } from './kafka-log.ts';

/** What a Kafka client needs from config: where the brokers are and who we are. */
export interface KafkaClientConfig {
  readonly brokers: readonly string[];
  readonly clientId: string;
  /** Default `error`; retried noise (a coordinator still loading, reconnect attempts) is logged below errors. */
  readonly logLevel?: LogLevelName;
}

const levels = {
  debug: logLevel.DEBUG,
  info: logLevel.INFO,
  warn: logLevel.WARN,
  error: logLevel.ERROR,
  nothing: logLevel.NOTHING,
};

/** A kafkajs client for the given brokers; quiet by default, since kafkajs logs every rebalance at info. */
export function createKafka(config: KafkaClientConfig): Kafka {
  const threshold = config.logLevel ?? 'error';
  return new Kafka({
    clientId: config.clientId,
    brokers: [...config.brokers],
    // kafkajs passes on what is at or above its own level; errors always, since some of them are moved below.
    logLevel: threshold === 'nothing' ? logLevel.NOTHING : Math.max(levels[threshold], logLevel.ERROR),
    logCreator: kafkaLogCreator(threshold),
  });
}

/**
 * The one producer a worker uses for governance events: idempotent with a single request in flight, so
 * kafkajs' own retries can neither duplicate nor reorder a batch; the Java-compatible partitioner, so
 * consumers in any language agree on which partition holds a system.
 */
export function createEventProducer(kafka: Kafka): Producer {
  return kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    allowAutoTopicCreation: false,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
}

/** A topic's desired layout. */
export interface TopicSpec {
  readonly topic: string;
  readonly partitions: number;
  readonly replication: number;
  /** How long to wait for every partition to have a leader; default 30 s. */
  readonly timeoutMs?: number;
}

/**
 * Creates the topic if it is missing and waits until every partition has a leader. An existing topic with
 * fewer partitions than asked for is an error: growing it would move systems to other partitions.
 */
export async function ensureTopic(admin: Admin, spec: TopicSpec): Promise<void> {
  const timeoutMs = spec.timeoutMs ?? 30_000;
  // Asking first keeps kafkajs from logging a TOPIC_ALREADY_EXISTS error on every start-up.
  const exists = (await admin.listTopics()).includes(spec.topic);
  if (!exists)
    await admin.createTopics({
      topics: [{ topic: spec.topic, numPartitions: spec.partitions, replicationFactor: spec.replication }],
      // The loop below waits for the leaders: kafkajs' own wait gives up at once when the broker does not know the
      // new topic yet (UNKNOWN_TOPIC_OR_PARTITION), which a busy broker answers for a moment (found by npm run faults).
      waitForLeaders: false,
      timeout: timeoutMs,
    });
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await leadersOf(admin, spec.topic);
    if (found !== undefined && found.partitions > 0 && found.partitions < spec.partitions) {
      throw new Error(`topic ${spec.topic} has ${found.partitions} partitions, expected ${spec.partitions}`);
    }
    if (found?.allLed && found.partitions >= spec.partitions) return;
    if (Date.now() > deadline)
      throw new Error(`topic ${spec.topic} has no leader for every partition after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function leadersOf(admin: Admin, topic: string): Promise<{ partitions: number; allLed: boolean } | undefined> {
  try {
    const meta = await admin.fetchTopicMetadata({ topics: [topic] });
    const parts = meta.topics[0]?.partitions ?? [];
    return { partitions: parts.length, allLed: parts.length > 0 && parts.every((p) => p.leader >= 0) };
  } catch {
    // Metadata for a topic that was just created can lag behind on the broker: ask again.
    return undefined;
  }
}
