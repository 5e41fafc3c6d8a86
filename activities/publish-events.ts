import { ApplicationFailure } from '@temporalio/common';
import type { Tracer } from '@opentelemetry/api';
import type { Producer } from 'kafkajs';
import { withProduceSpans } from '../adapters/produce-spans.ts';
import type { Signer } from '../adapters/signing-keys.ts';
import { CLOUDEVENTS_CONTENT_TYPE, GovernanceEvent } from '../events/envelope.ts';
import { toBase64url } from '../events/base64url.ts';
import { eventSigningInput } from '../events/event-signature.ts';
import { CHECKPOINTED_EVENTS, CHECKPOINT_TYPE, checkpointSigningInput, type Checkpoint } from '../events/checkpoint.ts';

/** What publishing needs: the worker's idempotent producer (see createEventProducer), the topic and the event key. */
export interface PublishDeps {
  readonly producer: Producer;
  readonly topic: string;
  readonly signer: Signer;
  /** Where signed checkpoints of each system's head go after a stage change; none when unset. */
  readonly checkpointTopic?: string;
  /** Counts and times each send (the worker's metrics); none by default. */
  readonly observer?: PublishObserver;
  /** Traces each send as producer spans (see withProduceSpans); none when tracing is off. */
  readonly tracer?: Tracer;
}

/** What the worker's metrics learn of each send of events to the topic. */
export interface PublishObserver {
  published(events: readonly GovernanceEvent[], seconds: number): void;
  failed(events: readonly GovernanceEvent[], seconds: number): void;
}

/** The signed checkpoint of an event as the system's head. */
export async function checkpointOf(event: GovernanceEvent, signer: Signer): Promise<Checkpoint> {
  const unsigned = {
    specversion: '1.0' as const,
    id: `${event.subject}:checkpoint:${event.sequence}`,
    source: event.source,
    type: CHECKPOINT_TYPE as typeof CHECKPOINT_TYPE,
    subject: event.subject,
    time: event.time,
    datacontenttype: 'application/json' as const,
    data: { sequence: event.sequence, headhash: event.hash },
    sigkid: signer.kid,
  };
  return { ...unsigned, sig: toBase64url(await signer.sign(checkpointSigningInput(unsigned))) };
}

/**
 * Adds `sigkid` and `sig` (Ed25519 over the event's hash) to a sealed event. Ed25519 is deterministic, so a
 * retried publish sends identical bytes and consumers still dedupe it; the key never enters workflow history.
 */
export async function signEvent(event: GovernanceEvent, signer: Signer): Promise<GovernanceEvent> {
  const sig = await signer.sign(eventSigningInput(signer.kid, event.hash));
  return { ...event, sigkid: signer.kid, sig: toBase64url(sig) };
}

/** The Kafka record of an event: key = systemId, so one system's events share a partition, in order. */
export function toKafkaMessage(event: GovernanceEvent): {
  key: string;
  value: string;
  headers: Record<string, string>;
} {
  return { key: event.subject, value: JSON.stringify(event), headers: { 'content-type': CLOUDEVENTS_CONTENT_TYPE } };
}

/** Activities that publish sealed governance events. */
export function createPublishActivities(deps: PublishDeps) {
  return {
    /**
     * Sends the events in one batch, per system in sequence order, acks from all in-sync replicas. A broker
     * error is thrown as is so Temporal retries the activity; consumers dedupe the copies a retry may add.
     */
    async publishEvents(events: GovernanceEvent[]): Promise<void> {
      if (events.length === 0) return;
      for (const e of events) {
        const parsed = GovernanceEvent.safeParse(e);
        if (!parsed.success) {
          // A malformed event is a bug in the sealing code: retrying cannot fix it, and it must not reach the topic.
          throw ApplicationFailure.create({
            type: 'INVALID_EVENT',
            nonRetryable: true,
            message: `event ${String(e?.id)} is not a valid envelope: ${parsed.error.message}`,
          });
        }
      }
      const ordered = [...events].sort((a, b) => a.sequence - b.sequence);
      const signed = await Promise.all(ordered.map((e) => signEvent(e, deps.signer)));
      const started = performance.now();
      try {
        await withProduceSpans(deps.tracer, deps.topic, signed, () =>
          deps.producer.send({ topic: deps.topic, acks: -1, messages: signed.map(toKafkaMessage) }),
        );
      } catch (err) {
        deps.observer?.failed(signed, (performance.now() - started) / 1000);
        throw err;
      }
      deps.observer?.published(signed, (performance.now() - started) / 1000);
      await publishCheckpoints(deps, signed);
    },
  };
}

/** Signed checkpoints of the heads among the sent events, after the events themselves. */
async function publishCheckpoints(deps: PublishDeps, signed: readonly GovernanceEvent[]): Promise<void> {
  if (!deps.checkpointTopic) return;
  // After the events themselves: a checkpoint never vouches for a head the topic does not hold yet.
  const heads = signed.filter((e) => CHECKPOINTED_EVENTS.has(e.type));
  if (heads.length === 0) return;
  const checkpoints = await Promise.all(heads.map((e) => checkpointOf(e, deps.signer)));
  await deps.producer.send({
    topic: deps.checkpointTopic,
    acks: -1,
    messages: checkpoints.map((c) => ({ key: c.subject, value: JSON.stringify(c), headers: { 'content-type': CLOUDEVENTS_CONTENT_TYPE } })),
  });
}

/** The publishing activities' type, for `proxyActivities<PublishActivities>()`. */
export type PublishActivities = ReturnType<typeof createPublishActivities>;
