import { z } from 'zod';
import type { Consumer, IHeaders, Kafka, KafkaMessage, Producer } from 'kafkajs';
import { catalogueEntry, type GovernanceEventOf, type GovernanceEventType } from '../events/catalogue.ts';
import type { ChainProblem } from '../events/chain.ts';
import { checkNext, createMemoryChainStore, type ChainStore } from '../events/chain-tracker.ts';
import { LIFECYCLE_TOPIC } from '../events/contracts.ts';
import { GovernanceEvent } from '../events/envelope.ts';
import type { TrustedKeys } from '../events/keyring.ts';
import { ensureTopic } from '../adapters/kafka.ts';

/** Where a delivered event was read: its partition and offset (for a handler that records its position). */
export interface DeliveryPosition {
  readonly partition: number;
  readonly offset: string;
}

/** One handler per CloudEvents type, each receiving the envelope with its typed data (and where it was read). */
export type GovernanceHandlers = {
  [C in GovernanceEventType]?: (event: GovernanceEventOf<C>, at: DeliveryPosition) => Promise<void>;
};

/** Options of a governance consumer; only kafka, groupId and handlers are required. */
export interface GovernanceConsumerOptions {
  readonly kafka: Kafka;
  readonly groupId: string;
  readonly topic?: string;
  readonly handlers: GovernanceHandlers;
  /** The engine's public keys (current and retired): only events signed by one of them reach a handler. */
  readonly trustedKeys: TrustedKeys;
  /** Events of a type this version does not know (a newer producer): valid envelopes, untyped data. */
  readonly onUnknown?: (event: GovernanceEvent) => Promise<void>;
  /**
   * Every problem: gaps and broken links (the event is still delivered), quarantined events (unsigned, unknown key,
   * bad signature, broken hash) and conflicts (a second, different event at a sequence): never delivered. Throw to
   * stop consuming.
   */
  readonly onChainProblem?: (problem: ChainProblem, event: GovernanceEvent) => Promise<void> | void;
  /** Where undecodable messages go, with the reason in headers; default `<topic>.dlq`. */
  readonly deadLetterTopic?: string;
  /** Where events that are not the engine's (and conflicting copies) go, with the reason; default `<topic>.quarantine`. */
  readonly quarantineTopic?: string;
  /** Cursor per system for dedupe and chain checks; pass a durable one to dedupe across restarts. */
  readonly store?: ChainStore;
  /** Default true: read the topic from its start when the group has no committed offset. */
  readonly fromBeginning?: boolean;
  /** Default true; false never commits offsets (a restart reads everything again). */
  readonly autoCommit?: boolean;
  /**
   * How long the broker waits for a silent member before giving its partitions to another; default 10 s (kafkajs'
   * own 30 s made the consumer alone add ~20 s to recovery after a broker restart). Brokers refuse less than their
   * `group.min.session.timeout.ms` (6 s by default).
   */
  readonly sessionTimeoutMs?: number;
}

/** The consumer group session a governance consumer asks for unless told otherwise. */
export const DEFAULT_SESSION_TIMEOUT_MS = 10_000;

/** What a consumer has done so far; every message read ends up in exactly one of the first six counts. */
export interface ConsumerStats {
  delivered: number;
  duplicates: number;
  deadLettered: number;
  unhandled: number;
  quarantined: number;
  conflicts: number;
  problems: number;
}

/** A running consumer: start() resolves once the group is joined; stop() leaves it. */
export interface GovernanceConsumer {
  start(): Promise<void>;
  stop(): Promise<void>;
  stats(): Readonly<ConsumerStats>;
}

/** The headers a dead-lettered message carries besides its own. */
export const DLQ_HEADERS = {
  reason: 'x-govflow-dlq-reason',
  topic: 'x-govflow-dlq-topic',
  partition: 'x-govflow-dlq-partition',
  offset: 'x-govflow-dlq-offset',
} as const;

type Decoded = { ok: true; event: GovernanceEvent } | { ok: false; reason: string };

/** Parses one Kafka record into an envelope (and, when typed, checks its data by type), or says why it cannot. */
export function decodeMessage(message: Pick<KafkaMessage, 'value'>, opts: { typed?: boolean } = {}): Decoded {
  if (!message.value || message.value.length === 0) return { ok: false, reason: 'empty message' };
  let raw: unknown;
  try {
    raw = JSON.parse(message.value.toString('utf8'));
  } catch (err) {
    return { ok: false, reason: `not JSON: ${(err as Error).message}` };
  }
  const parsed = GovernanceEvent.safeParse(raw);
  if (!parsed.success)
    return { ok: false, reason: `not a governance event: ${oneLine(z.prettifyError(parsed.error))}` };
  const entry = opts.typed === false ? undefined : catalogueEntry(parsed.data.type);
  if (entry) {
    const typed = entry.envelopeSchema.safeParse(raw);
    if (!typed.success)
      return { ok: false, reason: `invalid ${parsed.data.type}: ${oneLine(z.prettifyError(typed.error))}` };
  }
  // The envelope keeps data as sent (loose parse), so the hash is checked over exactly what was published.
  return { ok: true, event: parsed.data };
}

const oneLine = (s: string): string => s.replace(/\s*\n\s*/g, '; ').slice(0, 900);

/**
 * A Kafka consumer for enterprise systems: validates every message, accepts only events signed by a trusted key,
 * dedupes by id, follows each system's chain, dispatches by type, hands unknown types to onUnknown, sends what it
 * cannot decode to the dead-letter topic and what is not the engine's (or conflicts) to the quarantine topic.
 */
export function createGovernanceConsumer(opts: GovernanceConsumerOptions): GovernanceConsumer {
  const topic = opts.topic ?? LIFECYCLE_TOPIC;
  const dlqTopic = opts.deadLetterTopic ?? `${topic}.dlq`;
  const quarantineTopic = opts.quarantineTopic ?? `${topic}.quarantine`;
  const store = opts.store ?? createMemoryChainStore();
  const onChainProblem =
    opts.onChainProblem ??
    ((p) =>
      void process.stderr.write(`govflow consumer: chain ${p.kind} at ${p.systemId}:${p.sequence}: ${p.detail}\n`));
  const onUnknown =
    opts.onUnknown ??
    (async (e) =>
      void process.stderr.write(`govflow consumer: unknown event type ${e.type} (${e.id}); upgrade to handle it\n`));
  const stats: ConsumerStats = {
    delivered: 0,
    duplicates: 0,
    deadLettered: 0,
    unhandled: 0,
    quarantined: 0,
    conflicts: 0,
    problems: 0,
  };
  let consumer: Consumer | undefined;
  let dlq: Producer | undefined;

  async function setAside(message: KafkaMessage, partition: number, reason: string, to: string): Promise<void> {
    const headers: IHeaders = {
      ...message.headers,
      [DLQ_HEADERS.reason]: reason,
      [DLQ_HEADERS.topic]: topic,
      [DLQ_HEADERS.partition]: String(partition),
      [DLQ_HEADERS.offset]: message.offset,
    };
    // Throws on broker errors: kafkajs then retries the message rather than losing it.
    await dlq!.send({ topic: to, acks: -1, messages: [{ key: message.key, value: message.value, headers }] });
  }

  async function deadLetter(message: KafkaMessage, partition: number, reason: string): Promise<void> {
    await setAside(message, partition, reason, dlqTopic);
    stats.deadLettered += 1;
  }

  async function handle(message: KafkaMessage, partition: number): Promise<void> {
    const decoded = decodeMessage(message);
    if (!decoded.ok) return deadLetter(message, partition, decoded.reason);
    const event = decoded.event;
    const knownHash = await store.hashAt(event.subject, event.sequence);
    const check = checkNext(await store.get(event.subject), event, { keys: opts.trustedKeys, knownHash });
    for (const p of check.problems) {
      stats.problems += 1;
      await onChainProblem(p, event);
    }
    if (check.decision === 'redelivery') {
      stats.duplicates += 1;
      return;
    }
    if (check.decision !== 'deliver') {
      // Not the engine's, or a second truth at one sequence: kept aside with the reason, never handled or folded.
      const p = check.problems[0]!;
      await setAside(message, partition, `${p.kind}: ${p.detail}`, quarantineTopic);
      stats[check.decision === 'conflict' ? 'conflicts' : 'quarantined'] += 1;
      return;
    }
    const handler = opts.handlers[event.type as GovernanceEventType] as
      ((e: GovernanceEvent, at: DeliveryPosition) => Promise<void>) | undefined;
    if (handler) await handler(event, { partition, offset: message.offset });
    else if (!catalogueEntry(event.type)) await onUnknown(event);
    else stats.unhandled += 1;
    if (handler || !catalogueEntry(event.type)) stats.delivered += 1;
    // The cursor moves only after the handler succeeded, so a failed handler sees the event again.
    await store.accept(event.subject, check.next, { sequence: event.sequence, hash: event.hash });
  }

  return {
    async start() {
      const admin = opts.kafka.admin();
      await admin.connect();
      try {
        const meta = await admin.fetchTopicMetadata({ topics: [topic] });
        const replication = meta.topics[0]?.partitions[0]?.replicas.length ?? 1;
        await ensureTopic(admin, { topic: dlqTopic, partitions: 1, replication });
        await ensureTopic(admin, { topic: quarantineTopic, partitions: 1, replication });
      } finally {
        await admin.disconnect();
      }
      dlq = opts.kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
      await dlq.connect();
      const sessionTimeout = opts.sessionTimeoutMs ?? DEFAULT_SESSION_TIMEOUT_MS;
      consumer = opts.kafka.consumer({
        groupId: opts.groupId,
        allowAutoTopicCreation: false,
        sessionTimeout,
        // kafkajs wants heartbeats well inside the session: a tenth of it, 1 s by default.
        heartbeatInterval: Math.max(100, Math.floor(sessionTimeout / 10)),
      });
      // kafkajs restarts a consumer that crashed over a transient condition (logged below errors); one it gives up on
      // has stopped for good, which must not pass quietly.
      consumer.on(consumer.events.CRASH, ({ payload }) => {
        if (!payload.restart)
          process.stderr.write(`govflow consumer: group ${payload.groupId} stopped for good: ${payload.error.message}\n`);
      });
      await consumer.connect();
      await consumer.subscribe({ topic, fromBeginning: opts.fromBeginning ?? true });
      const joined = waitForJoin(consumer);
      await consumer.run({
        autoCommit: opts.autoCommit ?? true,
        eachMessage: ({ message, partition }) => handle(message, partition),
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

/** Resolves when the consumer has joined its group (or rejects after `timeoutMs`). */
export function waitForJoin(consumer: Consumer, timeoutMs = 60_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`consumer group not joined after ${timeoutMs} ms`)), timeoutMs);
    const off = consumer.on(consumer.events.GROUP_JOIN, () => {
      clearTimeout(timer);
      off();
      resolve();
    });
  });
}
