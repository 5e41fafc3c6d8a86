import { ApplicationFailure } from '@temporalio/common';
import type { Producer } from 'kafkajs';
import { CLOUDEVENTS_CONTENT_TYPE, GovernanceEvent } from '../events/envelope.ts';

/** What publishing needs: the worker's idempotent producer (see createEventProducer) and the topic. */
export interface PublishDeps {
  readonly producer: Producer;
  readonly topic: string;
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
      await deps.producer.send({ topic: deps.topic, acks: -1, messages: ordered.map(toKafkaMessage) });
    },
  };
}

/** The publishing activities' type, for `proxyActivities<PublishActivities>()`. */
export type PublishActivities = ReturnType<typeof createPublishActivities>;
