import { Command } from 'commander';
import { loadConfigOrExit } from '../config/config.ts';
import { runIndicatorBench } from './indicators.ts';

/** `npm run bench:indicators`: the indicators query at fleet scale alone (no Temporal or Kafka needed). */
const opts = new Command('bench:indicators')
  .option('--systems <n>', 'simulated systems', '10000')
  .option('--years <n>', 'simulated years of history', '20')
  .option('--runs <n>', 'timed runs of each query', '3')
  .parse()
  .opts<{ systems: string; years: string; runs: string }>();
const config = loadConfigOrExit();
const result = await runIndicatorBench({ systems: Number(opts.systems), years: Number(opts.years), stateDir: config.GOVFLOW_STATE_DIR, readDbUrl: config.GOVFLOW_READ_DB_URL, runs: Number(opts.runs) });
process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
