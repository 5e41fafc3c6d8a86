import { Command } from 'commander';
import { createKafka } from '../adapters/kafka.ts';
import { kafkaSecurity } from '../adapters/server-credentials.ts';
import { loadConfigOrExit } from '../config/config.ts';
import { runDecisionBench } from './decisions.ts';

/** `npm run bench:decisions`: the decision-trail ingest, check latency and checker memory alone (Kafka needed, not Temporal). */
const opts = new Command('bench:decisions')
  .option('--decisions <n>', 'records for the ingest rate', '20000')
  .option('--decision-store <n>', 'decisions stored before the memory phase (0 skips it)', '1000000')
  .parse()
  .opts<{ decisions: string; decisionStore: string }>();
const config = loadConfigOrExit();
const kafka = createKafka({ brokers: config.GOVFLOW_KAFKA_BROKERS, clientId: 'govflow-bench', logLevel: 'nothing', ...kafkaSecurity(config) });
const result = await runDecisionBench({
  kafka, brokers: config.GOVFLOW_KAFKA_BROKERS, records: Number(opts.decisions), stored: Number(opts.decisionStore),
  stateDir: config.GOVFLOW_STATE_DIR, readDbUrl: config.GOVFLOW_READ_DB_URL,
});
process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
