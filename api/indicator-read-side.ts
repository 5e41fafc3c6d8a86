import { randomUUID } from 'node:crypto';
import type { Kafka } from 'kafkajs';
import { openReadDb } from '../adapters/read-db/open-read-db.ts';
import type { ReadDb } from '../adapters/read-db/read-db.ts';
import { ensureTopic } from '../adapters/kafka.ts';
import type { Config } from '../config/config.ts';
import { createIndicatorFactsConsumer } from '../consumer/indicator-facts-consumer.ts';
import { openIndicatorFacts } from '../consumer/indicator-facts.ts';
import type { TrustedKeys } from '../events/keyring.ts';
import type { FactsSource } from './routes/indicators.ts';

/**
 * The API's read side for the indicators: the facts table on the configured read-side database (SQLite in the state
 * folder, or PostgreSQL), fed from the topic by a consumer of this process.
 */
export async function startIndicatorReadSide(deps: { config: Config; kafka: Kafka; trustedKeys: TrustedKeys; db?: ReadDb }): Promise<{
  query: FactsSource;
  stop(): Promise<void>;
}> {
  // A database of its own only when none is shared with it; a shared one is closed by its owner.
  const db = deps.db ?? (await openReadDb({ url: deps.config.GOVFLOW_READ_DB_URL, stateDir: deps.config.GOVFLOW_STATE_DIR }));
  const facts = await openIndicatorFacts(db);
  const consumer = createIndicatorFactsConsumer({
    kafka: deps.kafka,
    groupId: `govflow-api-indicators-${randomUUID()}`,
    topic: deps.config.GOVFLOW_TOPIC,
    facts,
    trustedKeys: deps.trustedKeys,
  });
  // The API may start before any worker has created the topic: create it as the engine would, then follow it.
  const admin = deps.kafka.admin();
  await admin.connect();
  try {
    const { GOVFLOW_TOPIC: topic, GOVFLOW_TOPIC_PARTITIONS: partitions, GOVFLOW_TOPIC_REPLICATION: replication } = deps.config;
    await ensureTopic(admin, { topic, partitions, replication });
  } finally {
    await admin.disconnect();
  }
  // A topic created a moment ago may not be hosted yet (UNKNOWN_TOPIC_OR_PARTITION): try again for a while.
  for (let attempt = 1; ; attempt += 1) {
    try {
      await consumer.start();
      break;
    } catch (err) {
      if (attempt >= 10) throw err;
      await new Promise((resolve) => setTimeout(resolve, 1000 * attempt));
    }
  }
  return {
    query: (q) => facts.query(q),
    stop: async () => {
      await consumer.stop();
      if (!deps.db) await db.close();
    },
  };
}
