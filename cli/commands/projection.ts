import type { Command } from 'commander';
import { createKafka } from '../../adapters/kafka.ts';
import { openReadDb } from '../../adapters/read-db/open-read-db.ts';
import { kafkaSecurity } from '../../adapters/server-credentials.ts';
import { loadVerifierKeys } from '../../adapters/signing-keys.ts';
import { openReadSide } from '../../consumer/read-side/read-side.ts';
import { rebuildReadSide } from '../../consumer/read-side/rebuild.ts';
import { loadConfig } from '../../config/config.ts';
import { emit, processOutput } from '../output.ts';
import { runAction } from '../run-action.ts';

/**
 * `govflow projection rebuild`: empties the read side (GOVFLOW_READ_DB_URL, else the state folder's SQLite) and folds
 * the event topic into it again, with progress; an operator's command, so it reads Kafka and the database directly.
 */
export function registerProjectionCommand(program: Command): void {
  const projection = program.command('projection').description("the read side (the projection of the event topic)");
  projection
    .command('rebuild')
    .description('rebuild the read side from the event topic (reads served meanwhile may be incomplete)')
    .option('--json', 'print the summary as JSON')
    .action(
      runAction(async (opts: { json?: boolean }) => {
        const output = processOutput(!!opts.json);
        const config = loadConfig();
        const kafka = createKafka({
          brokers: config.GOVFLOW_KAFKA_BROKERS,
          clientId: `${config.GOVFLOW_KAFKA_CLIENT_ID}-rebuild`,
          logLevel: 'nothing',
          ...kafkaSecurity(config),
        });
        const keys = await loadVerifierKeys({ trustedFile: config.GOVFLOW_TRUSTED_EVENT_KEYS, keyFile: config.GOVFLOW_EVENT_KEY_FILE });
        const readSide = await openReadSide(await openReadDb({ url: config.GOVFLOW_READ_DB_URL, stateDir: config.GOVFLOW_STATE_DIR }));
        // Progress goes to stderr even when it is not a terminal: a rebuild is long, and its log should say how far it got.
        const progress = (line: string) => void process.stderr.write(`${line}\n`);
        try {
          progress(`rebuilding ${readSide.db.description} from ${config.GOVFLOW_TOPIC}`);
          const summary = await rebuildReadSide({
            db: readSide.db,
            kafka,
            topic: config.GOVFLOW_TOPIC,
            trustedKeys: keys.trusted,
            onProgress: (p) => progress(`  ${p.done} of ${p.total} records (${p.total ? Math.floor((100 * p.done) / p.total) : 100}%)`),
          });
          const counts = Object.entries(summary.outcomes).map(([k, n]) => `${n} ${k.replace('_', ' ')}`).join(', ');
          emit(output, summary, () => `rebuilt from ${summary.done} records: ${counts || 'nothing to fold'}`);
        } finally {
          await readSide.close();
        }
      }),
    );
}
