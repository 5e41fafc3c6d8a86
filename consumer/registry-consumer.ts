import type { Kafka } from 'kafkajs';
import { catalogue } from '../events/catalogue.ts';
import type { GovernanceEvent } from '../events/envelope.ts';
import { createGovernanceConsumer, type GovernanceConsumer, type GovernanceHandlers } from './governance-consumer.ts';
import type { RegistryProjection } from './registry-projection.ts';

/** Keeps a registry up to date from the topic: every known type is folded, unknown types are kept aside. */
export function createRegistryConsumer(opts: {
  kafka: Kafka;
  groupId: string;
  topic?: string;
  projection: RegistryProjection;
  onChainProblem?: Parameters<typeof createGovernanceConsumer>[0]['onChainProblem'];
}): GovernanceConsumer {
  const fold = async (e: GovernanceEvent): Promise<void> => void opts.projection.apply(e);
  const handlers = Object.fromEntries(catalogue.map((entry) => [entry.type, fold])) as GovernanceHandlers;
  return createGovernanceConsumer({
    kafka: opts.kafka,
    groupId: opts.groupId,
    ...(opts.topic ? { topic: opts.topic } : {}),
    handlers,
    onUnknown: fold,
    store: opts.projection.chainStore,
    ...(opts.onChainProblem ? { onChainProblem: opts.onChainProblem } : {}),
  });
}
