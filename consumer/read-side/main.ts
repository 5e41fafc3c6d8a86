import { createKafka } from '../../adapters/kafka.ts';
import { openReadDb } from '../../adapters/read-db/open-read-db.ts';
import { stopWhenParentExits } from '../../adapters/parent-process.ts';
import { kafkaSecurity } from '../../adapters/server-credentials.ts';
import { loadVerifierKeys } from '../../adapters/signing-keys.ts';
import { loadConfigOrExit } from '../../config/config.ts';
import { createProjectionConsumer } from './projection-consumer.ts';
import { openReadSide } from './read-side.ts';

/**
 * The read side's consumer on its own (`npm run projection`): for a read database that API instances share without
 * each folding the topic, and for the tests that kill it. The API process runs the same consumer itself.
 */
const config = loadConfigOrExit();
const kafka = createKafka({
  brokers: config.GOVFLOW_KAFKA_BROKERS,
  clientId: `${config.GOVFLOW_KAFKA_CLIENT_ID}-read-side`,
  logLevel: config.GOVFLOW_KAFKA_LOG_LEVEL,
  ...kafkaSecurity(config),
});
const keys = await loadVerifierKeys({ trustedFile: config.GOVFLOW_TRUSTED_EVENT_KEYS, keyFile: config.GOVFLOW_EVENT_KEY_FILE });
const readSide = await openReadSide(await openReadDb({ url: config.GOVFLOW_READ_DB_URL, stateDir: config.GOVFLOW_STATE_DIR }));
const projection = createProjectionConsumer({
  kafka,
  db: readSide.db,
  topic: config.GOVFLOW_TOPIC,
  deadLetterTopic: config.GOVFLOW_DEAD_LETTER_TOPIC,
  trustedKeys: keys.trusted,
  onChainProblem: (p) => void process.stderr.write(`read side: chain ${p.kind} at ${p.systemId}:${p.sequence}: ${p.detail}\n`),
});
await projection.start();
process.stdout.write(`read side folding ${config.GOVFLOW_TOPIC} into ${readSide.db.description}\n`);

let stopping = false;
async function stop(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  process.stdout.write(`${signal}: stopping the read side\n`);
  await projection.stop().catch(() => undefined);
  await readSide.close().catch(() => undefined);
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void stop(signal));
stopWhenParentExits(() => void stop('supervisor gone'));
