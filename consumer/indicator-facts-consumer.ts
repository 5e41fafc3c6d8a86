import type { Kafka } from 'kafkajs';
import { catalogue } from '../events/catalogue.ts';
import type { GovernanceEvent } from '../events/envelope.ts';
import type { TrustedKeys } from '../events/keyring.ts';
import { createGovernanceConsumer, type GovernanceConsumer, type GovernanceHandlers } from './governance-consumer.ts';
import type { IndicatorFactsProjection } from './indicator-facts.ts';

/**
 * Keeps the indicator facts up to date from the topic: every signed event of the catalogue is folded (the rest is
 * quarantined by the governance consumer and never counted). It reads from the start with a group of its own and
 * commits nothing, so a restart reads the topic again; the rows' sequences make every redelivery a no-op.
 */
export function createIndicatorFactsConsumer(opts: {
  kafka: Kafka;
  groupId: string;
  topic: string;
  facts: IndicatorFactsProjection;
  trustedKeys: TrustedKeys;
}): GovernanceConsumer {
  const fold = async (e: GovernanceEvent): Promise<void> => void (await opts.facts.apply(e));
  const handlers = Object.fromEntries(catalogue.map((entry) => [entry.type, fold])) as GovernanceHandlers;
  return createGovernanceConsumer({
    kafka: opts.kafka,
    groupId: opts.groupId,
    topic: opts.topic,
    handlers,
    trustedKeys: opts.trustedKeys,
    fromBeginning: true,
    autoCommit: false,
  });
}
