import type { Kafka } from 'kafkajs';
import { createEventProducer } from '../adapters/kafka.ts';
import { loadServiceAccounts } from '../adapters/service-accounts.ts';
import type { DecisionStore } from '../adapters/decision-store.ts';
import { openDecisionStore } from '../adapters/read-db/decision-store.ts';
import type { ReadDb } from '../adapters/read-db/read-db.ts';
import { decisionMessage } from '../client/decision-logger.ts';
import type { Config } from '../config/config.ts';
import type { DecisionDeps } from './routes/decision-routes.ts';
import { createTrailLookup } from './decision-checking.ts';

/**
 * The API's decision-trail dependencies: the ingest producer, the service accounts, and the decision store on the
 * read side's database (which the checker in this process writes and the routes read).
 */
export async function openDecisionDeps(config: Config, kafka: Kafka, db: ReadDb): Promise<{ deps: DecisionDeps; store: DecisionStore; close(): Promise<void> }> {
  const producer = createEventProducer(kafka);
  await producer.connect();
  const store = await openDecisionStore(db);
  const trailOf = createTrailLookup(config);
  const services = await loadServiceAccounts(config.GOVFLOW_POLICY_DIR);
  return {
    store,
    deps: {
      store,
      trailOf: async (s) => {
        const trail = await trailOf(s);
        return config.GOVFLOW_DECISION_RETENTION ? { ...trail, retention: config.GOVFLOW_DECISION_RETENTION } : trail;
      },
      ingest: {
        services,
        publish: async (records, logger) => {
          await producer.send({ topic: config.GOVFLOW_DECISIONS_TOPIC, acks: -1, messages: records.map((r) => decisionMessage(r, logger)) });
        },
      },
    },
    async close() {
      await producer.disconnect().catch(() => undefined);
    },
  };
}
