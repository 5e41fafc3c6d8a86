import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Kafka } from 'kafkajs';
import { createEventProducer } from '../adapters/kafka.ts';
import { loadServiceAccounts } from '../adapters/service-accounts.ts';
import { openSqliteDecisionStore } from '../adapters/sqlite-decision-store.ts';
import { decisionMessage } from '../client/decision-logger.ts';
import type { Config } from '../config/config.ts';
import type { DecisionDeps } from './routes/decision-routes.ts';

/** The API's decision-trail dependencies: the ingest producer, the service accounts, and the decision store to read. */
export async function openDecisionDeps(config: Config, kafka: Kafka): Promise<{ deps: DecisionDeps; close(): Promise<void> }> {
  const producer = createEventProducer(kafka);
  await producer.connect();
  if (config.GOVFLOW_DECISIONS_DB !== ':memory:') await mkdir(dirname(config.GOVFLOW_DECISIONS_DB), { recursive: true });
  const store = openSqliteDecisionStore(config.GOVFLOW_DECISIONS_DB);
  const services = await loadServiceAccounts(config.GOVFLOW_POLICY_DIR);
  return {
    deps: {
      store,
      ingest: {
        services,
        publish: async (records, logger) => {
          await producer.send({ topic: config.GOVFLOW_DECISIONS_TOPIC, acks: -1, messages: records.map((r) => decisionMessage(r, logger)) });
        },
      },
    },
    async close() {
      await producer.disconnect().catch(() => undefined);
      await store.close();
    },
  };
}
