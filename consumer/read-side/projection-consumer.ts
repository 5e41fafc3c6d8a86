import { randomUUID } from 'node:crypto';
import type { Consumer, EachBatchPayload, IHeaders, Kafka, KafkaMessage, Producer } from 'kafkajs';
import { ensureTopic } from '../../adapters/kafka.ts';
import type { ReadDb, SqlRunner } from '../../adapters/read-db/read-db.ts';
import type { ChainProblem } from '../../events/chain.ts';
import { LIFECYCLE_TOPIC } from '../../events/contracts.ts';
import type { GovernanceEvent } from '../../events/envelope.ts';
import type { TrustedKeys } from '../../events/keyring.ts';
import { DEFAULT_SESSION_TIMEOUT_MS, DLQ_HEADERS, waitForJoin } from '../governance-consumer.ts';
import { applyRecord, type RecordOutcome } from './writer.ts';

// Records folded in one transaction: fewer commits (each one a disk flush) without holding the write lock long.
const MAX_PER_TRANSACTION = 200;

/** What the read side's consumer needs; the database must have the read side's tables (see `openReadSide`). */
export interface ProjectionConsumerOptions {
  readonly kafka: Kafka;
  readonly db: ReadDb;
  readonly trustedKeys: TrustedKeys;
  readonly topic?: string;
  /** Default: one group per database (kept in `read_meta`), so instances sharing a database share its partitions. */
  readonly groupId?: string;
  readonly deadLetterTopic?: string;
  readonly quarantineTopic?: string;
  /** Every chain problem of an event read (delivered or not). */
  readonly onChainProblem?: (problem: ChainProblem, event: GovernanceEvent) => void;
  /** Called after each record's transaction committed (the read side's waiters, metrics). */
  readonly onCommitted?: (outcome: RecordOutcome) => void;
  readonly sessionTimeoutMs?: number;
}

/** The read side's running consumer. */
export interface ProjectionConsumer {
  start(): Promise<void>;
  stop(): Promise<void>;
  stats(): Readonly<Record<RecordOutcome['kind'], number>>;
}

/** The consumer group of the read side kept in `db`: created once, the same for every instance that shares it. */
export async function readSideGroupId(db: ReadDb): Promise<string> {
  await db.run('INSERT INTO read_meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING', [
    'consumer_group',
    `govflow-read-side-${randomUUID()}`,
  ]);
  return (await db.one<{ value: string }>('SELECT value FROM read_meta WHERE key = $1', ['consumer_group']))!.value;
}

/**
 * Folds the topic into the read side. Records are applied in transactions with their position (a few hundred of a
 * batch at a time), so a consumer killed at any point resumes exactly where its last commit left it: the position in the database, not Kafka's
 * committed offset, decides (see `checkPosition`); Kafka's offsets only save re-reading. Undecodable records go to
 * the dead-letter topic, events that are not the engine's (and conflicts) to the quarantine topic and table, as
 * every governance consumer does.
 */
export function createProjectionConsumer(opts: ProjectionConsumerOptions): ProjectionConsumer {
  const topic = opts.topic ?? LIFECYCLE_TOPIC;
  const dlqTopic = opts.deadLetterTopic ?? `${topic}.dlq`;
  const quarantineTopic = opts.quarantineTopic ?? `${topic}.quarantine`;
  const stats: Record<RecordOutcome['kind'], number> = {
    folded: 0, unknown: 0, redelivery: 0, quarantined: 0, conflict: 0, dead_letter: 0, applied_before: 0, ahead: 0,
  };
  const firstKept = new Map<number, number>();
  let consumer: Consumer | undefined;
  let producer: Producer | undefined;

  const refreshFirstKept = async (): Promise<void> => {
    const admin = opts.kafka.admin();
    await admin.connect();
    try {
      for (const o of await admin.fetchTopicOffsets(topic)) firstKept.set(o.partition, Number(o.low));
    } finally {
      await admin.disconnect();
    }
  };

  const setAside = async (message: KafkaMessage, partition: number, reason: string, to: string) => {
    const headers: IHeaders = {
      ...message.headers,
      [DLQ_HEADERS.reason]: reason,
      [DLQ_HEADERS.topic]: topic,
      [DLQ_HEADERS.partition]: String(partition),
      [DLQ_HEADERS.offset]: message.offset,
    };
    await producer!.send({ topic: to, acks: -1, messages: [{ key: message.key, value: message.value, headers }] });
  };

  // Inside the transaction: a failed send rolls the record back, and kafkajs hands it to us again.
  const apply = async (tx: SqlRunner, message: KafkaMessage, partition: number): Promise<RecordOutcome> => {
    const rec = { topic, partition, offset: Number(message.offset), message };
    const outcome = await applyRecord(tx, rec, { keys: opts.trustedKeys, firstKept: firstKept.get(partition) ?? 0 });
    if (outcome.kind === 'dead_letter') await setAside(message, partition, outcome.reason, dlqTopic);
    if (outcome.kind === 'quarantined' || outcome.kind === 'conflict') {
      const p = outcome.problems[0]!;
      await setAside(message, partition, `${p.kind}: ${p.detail}`, quarantineTopic);
    }
    return outcome;
  };

  const report = (outcome: RecordOutcome) => {
    stats[outcome.kind] += 1;
    if ('event' in outcome) for (const p of outcome.problems) opts.onChainProblem?.(p, outcome.event);
    opts.onCommitted?.(outcome);
  };

  // Up to MAX_PER_TRANSACTION records of a batch in one transaction, stopping before a record that is ahead.
  const applyChunk = (messages: readonly KafkaMessage[], partition: number) =>
    opts.db.transaction(async (tx) => {
      const done: RecordOutcome[] = [];
      for (const m of messages) {
        const outcome = await apply(tx, m, partition);
        if (outcome.kind === 'ahead') return { done, ahead: outcome };
        done.push(outcome);
      }
      return { done, ahead: undefined };
    });

  const handleBatch = async (payload: EachBatchPayload): Promise<void> => {
    const { batch } = payload;
    let i = 0;
    let refreshed = false;
    while (i < batch.messages.length && payload.isRunning() && !payload.isStale()) {
      const chunk = batch.messages.slice(i, i + MAX_PER_TRANSACTION);
      const { done, ahead } = await applyChunk(chunk, batch.partition);
      done.forEach(report);
      i += done.length;
      if (done.length > 0) payload.resolveOffset(chunk[done.length - 1]!.offset);
      if (ahead) {
        // Perhaps retention removed the records the database expects next: ask the broker where the partition starts.
        const before = firstKept.get(batch.partition);
        if (!refreshed) await refreshFirstKept();
        if (!refreshed && firstKept.get(batch.partition) !== before) {
          refreshed = true;
          continue;
        }
        report(ahead);
        consumer!.seek({ topic, partition: batch.partition, offset: String(ahead.from) });
        return;
      }
      await payload.heartbeat();
    }
  };

  return {
    async start() {
      await ensureSideTopics(opts.kafka, topic, [dlqTopic, quarantineTopic]);
      await refreshFirstKept();
      producer = opts.kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
      await producer.connect();
      const sessionTimeout = opts.sessionTimeoutMs ?? DEFAULT_SESSION_TIMEOUT_MS;
      const c = opts.kafka.consumer({
        groupId: opts.groupId ?? (await readSideGroupId(opts.db)),
        allowAutoTopicCreation: false,
        sessionTimeout,
        heartbeatInterval: Math.max(100, Math.floor(sessionTimeout / 10)),
      });
      consumer = c;
      c.on(c.events.CRASH, ({ payload }) => {
        if (!payload.restart)
          process.stderr.write(`govflow read side: group ${payload.groupId} stopped for good: ${payload.error.message}\n`);
      });
      // On each assignment, start where the database says rather than re-reading what it already holds.
      c.on(c.events.GROUP_JOIN, ({ payload }) => {
        const mine = payload.memberAssignment[topic] ?? [];
        void seekToStored(opts.db, topic, mine).then((at) => {
          for (const [partition, offset] of at) c.seek({ topic, partition, offset: String(offset) });
        }, () => undefined);
      });
      await c.connect();
      await c.subscribe({ topic, fromBeginning: true });
      const joined = waitForJoin(c);
      await c.run({ eachBatchAutoResolve: false, eachBatch: handleBatch });
      await joined;
    },
    async stop() {
      await consumer?.disconnect();
      await producer?.disconnect();
      consumer = undefined;
      producer = undefined;
    },
    stats: () => ({ ...stats }),
  };
}

/** The next offset to read of each of `partitions` that the database has applied records of. */
async function seekToStored(db: ReadDb, topic: string, partitions: readonly number[]): Promise<Map<number, number>> {
  const rows = await db.query<{ kafka_partition: number; last_offset: number }>(
    'SELECT kafka_partition, last_offset FROM read_offsets WHERE topic = $1 AND last_offset >= 0',
    [topic],
  );
  return new Map(rows.filter((r) => partitions.includes(r.kafka_partition)).map((r) => [r.kafka_partition, r.last_offset + 1]));
}

/** Creates the dead-letter and quarantine topics beside `topic`, with its replication. */
async function ensureSideTopics(kafka: Kafka, topic: string, sides: readonly string[]): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const meta = await admin.fetchTopicMetadata({ topics: [topic] });
    const replication = meta.topics[0]?.partitions[0]?.replicas.length ?? 1;
    for (const side of sides) await ensureTopic(admin, { topic: side, partitions: 1, replication });
  } finally {
    await admin.disconnect();
  }
}
