import type { Producer } from 'kafkajs';

/** The baseline's activity: one small message to Kafka per step, keyed like govflow's events. */
export function createBareActivities(deps: { producer: Producer; topic: string }) {
  return {
    async bareStep(systemId: string, step: number): Promise<void> {
      await deps.producer.send({
        topic: deps.topic,
        acks: -1,
        messages: [{ key: systemId, value: JSON.stringify({ id: `${systemId}:${step}`, step }) }],
      });
    },
  };
}
export type BareActivities = ReturnType<typeof createBareActivities>;
