import type { Consumer, IHeaders, Kafka, KafkaMessage, Producer } from 'kafkajs';
import { ensureTopic } from '../adapters/kafka.ts';
import { toFieldIssues } from '../domain/errors.ts';
import type { LifecycleState } from '../domain/lifecycle/state.ts';
import { DECISIONS_TOPIC, DecisionEvent, type DecisionRecord } from '../events/decision-record.ts';
import { judgeBatch, type JudgeDeps } from './decision-judge.ts';
import { DLQ_HEADERS } from './governance-consumer.ts';

/** Options of the checking consumer: the decisions topic, the read side's state of each system, and the judge's deps. */
export interface DecisionCheckerOptions extends JudgeDeps {
  readonly kafka: Kafka;
  readonly groupId: string;
  readonly topic?: string;
  /** Default `<topic>.dlq`. */
  readonly deadLetterTopic?: string;
  /** The decisions topic's layout when the checker has to create it (default 6 partitions, replication 1). */
  readonly partitions?: number;
  readonly replication?: number;
  /** The system's governance state from the read side (the registry projection); undefined for an unknown system. */
  readonly stateOf: (systemId: string) => Promise<LifecycleState | undefined>;
  /** Called after each batch is stored and judged, with the records and when they were done (for the bench). */
  readonly onChecked?: (records: readonly DecisionRecord[], at: number) => void;
}

/** What the checker has done; every message read ends up in exactly one of the first three counts. */
export interface DecisionCheckerStats {
  stored: number;
  duplicates: number;
  deadLettered: number;
  findings: number;
}

/** A running checker: start() resolves once the group is joined. */
export interface DecisionChecker {
  start(): Promise<void>;
  stop(): Promise<void>;
  stats(): Readonly<DecisionCheckerStats>;
}

type Decoded = { ok: true; record: DecisionRecord } | { ok: false; reason: string };

/** Parses one message into a decision record, or says which fields are wrong. */
export function decodeDecision(message: Pick<KafkaMessage, 'value'>): Decoded {
  let raw: unknown;
  try {
    raw = JSON.parse(message.value?.toString('utf8') ?? '');
  } catch (e) {
    return { ok: false, reason: `not JSON: ${(e as Error).message}` };
  }
  const r = DecisionEvent.safeParse(raw);
  if (r.success) return { ok: true, record: r.data.data };
  const issues = toFieldIssues(r.error.issues).map((i) => `${i.path}: ${i.message}`);
  return { ok: false, reason: `not a decision record: ${issues.join('; ')}`.slice(0, 900) };
}

/**
 * The checking consumer: reads logged decisions in batches, dead-letters what does not fit the contract (or names a
 * system the read side does not know) with the reason, stores the rest and judges each new one against the system's
 * lifecycle. Offsets are committed only after a batch is stored and its findings recorded: nothing is lost.
 */
export function createDecisionChecker(opts: DecisionCheckerOptions): DecisionChecker {
  const topic = opts.topic ?? DECISIONS_TOPIC;
  const dlqTopic = opts.deadLetterTopic ?? `${topic}.dlq`;
  const stats: DecisionCheckerStats = { stored: 0, duplicates: 0, deadLettered: 0, findings: 0 };
  let consumer: Consumer | undefined;
  let dlq: Producer | undefined;

  async function deadLetter(messages: { message: KafkaMessage; partition: number; reason: string }[]): Promise<void> {
    if (messages.length === 0) return;
    await dlq!.send({
      topic: dlqTopic,
      acks: -1,
      messages: messages.map(({ message, partition, reason }) => {
        const headers: IHeaders = { ...message.headers, [DLQ_HEADERS.reason]: reason, [DLQ_HEADERS.topic]: topic, [DLQ_HEADERS.partition]: String(partition), [DLQ_HEADERS.offset]: message.offset };
        return { key: message.key, value: message.value, headers };
      }),
    });
    stats.deadLettered += messages.length;
  }

  async function handle(messages: KafkaMessage[], partition: number): Promise<void> {
    const bad: { message: KafkaMessage; partition: number; reason: string }[] = [];
    const good: { record: DecisionRecord; state: LifecycleState }[] = [];
    const states = new Map<string, LifecycleState | undefined>();
    for (const message of messages) {
      const d = decodeDecision(message);
      if (!d.ok) {
        bad.push({ message, partition, reason: d.reason });
        continue;
      }
      const id = d.record.systemId;
      if (!states.has(id)) states.set(id, await opts.stateOf(id));
      const state = states.get(id);
      if (state) good.push({ record: d.record, state });
      else bad.push({ message, partition, reason: `unknown system: the registry has no system ${id}` });
    }
    await deadLetter(bad);
    const judged = await judgeBatch(opts, good);
    stats.stored += judged.stored;
    stats.duplicates += judged.duplicates;
    stats.findings += judged.findings;
    opts.onChecked?.(good.map((g) => g.record), Date.now());
  }

  return {
    async start() {
      const admin = opts.kafka.admin();
      await admin.connect();
      try {
        const replication = opts.replication ?? 1;
        // The checker owns the decisions topic, as the worker owns the lifecycle topic: services only write to it.
        await ensureTopic(admin, { topic, partitions: opts.partitions ?? 6, replication });
        await ensureTopic(admin, { topic: dlqTopic, partitions: 1, replication });
      } finally {
        await admin.disconnect();
      }
      dlq = opts.kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
      await dlq.connect();
      consumer = opts.kafka.consumer({ groupId: opts.groupId, allowAutoTopicCreation: false, sessionTimeout: 10_000, heartbeatInterval: 1_000 });
      await consumer.connect();
      await consumer.subscribe({ topic, fromBeginning: true });
      const joined = new Promise<void>((resolve) => {
        const off = consumer!.on(consumer!.events.GROUP_JOIN, () => {
          off();
          resolve();
        });
      });
      await consumer.run({
        // Records of one system share a partition (key = systemId), so partitions may be judged side by side: the
        // broker's fetch of one overlaps the store's writes of another.
        partitionsConsumedConcurrently: 3,
        eachBatchAutoResolve: false,
        eachBatch: async ({ batch, resolveOffset, heartbeat, commitOffsetsIfNecessary }) => {
          await handle(batch.messages, batch.partition);
          const last = batch.messages.at(-1);
          if (last) resolveOffset(last.offset);
          await commitOffsetsIfNecessary();
          await heartbeat();
        },
      });
      await joined;
    },
    async stop() {
      await consumer?.disconnect();
      await dlq?.disconnect();
      consumer = undefined;
      dlq = undefined;
    },
    stats: () => ({ ...stats }),
  };
}
