import type { Kafka } from 'kafkajs';
import { catalogue } from '../events/catalogue.ts';
import type { GovernanceEvent } from '../events/envelope.ts';
import type { TrustedKeys } from '../events/keyring.ts';
import { createGovernanceConsumer, type GovernanceConsumer, type GovernanceHandlers } from './governance-consumer.ts';
import type { RegistryProjection } from './registry-projection.ts';

/** Keeps a registry up to date from the topic: every signed known type is folded, unknown types are kept aside. */
export function createRegistryConsumer(opts: {
  kafka: Kafka;
  groupId: string;
  topic?: string;
  projection: RegistryProjection;
  /** Only events signed by these keys are folded; the rest is kept in the projection's quarantine with the reason. */
  trustedKeys: TrustedKeys;
  onChainProblem?: Parameters<typeof createGovernanceConsumer>[0]['onChainProblem'];
  /** Told of each event folded for the first time (the projection-lag histogram). */
  metrics?: { applied(event: GovernanceEvent): void };
}): GovernanceConsumer {
  const fold = async (e: GovernanceEvent): Promise<void> => {
    if (opts.projection.apply(e)) opts.metrics?.applied(e);
  };
  const handlers = Object.fromEntries(catalogue.map((entry) => [entry.type, fold])) as GovernanceHandlers;
  return createGovernanceConsumer({
    kafka: opts.kafka,
    groupId: opts.groupId,
    ...(opts.topic ? { topic: opts.topic } : {}),
    handlers,
    trustedKeys: opts.trustedKeys,
    onUnknown: fold,
    store: opts.projection.chainStore,
    onChainProblem: async (problem, event) => {
      if (!['gap', 'prevhash_mismatch', 'out_of_order'].includes(problem.kind)) opts.projection.quarantine(event, problem);
      await opts.onChainProblem?.(problem, event);
    },
  });
}
