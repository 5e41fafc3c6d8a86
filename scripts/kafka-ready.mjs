// Readiness probe for the local broker with a real client: metadata answers and the group coordinator is available.
// Usage: node scripts/kafka-ready.mjs 127.0.0.1:9092 — exit 0 when ready.
import { Kafka, logLevel } from 'kafkajs';

const broker = process.argv[2] ?? '127.0.0.1:9092';
const kafka = new Kafka({ clientId: 'govflow-ready', brokers: [broker], logLevel: logLevel.NOTHING, retry: { retries: 0 }, connectionTimeout: 2000 });
const admin = kafka.admin();
try {
  await admin.connect();
  const cluster = await admin.describeCluster();
  if (cluster.brokers.length === 0) throw new Error('no brokers');
  await admin.describeGroups(['govflow-ready-probe']);
  await admin.disconnect();
  process.exit(0);
} catch (err) {
  console.error(`kafka not ready at ${broker}: ${err instanceof Error ? err.message : err}`);
  await admin.disconnect().catch(() => {});
  process.exit(1);
}
