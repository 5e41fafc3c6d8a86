import { DefaultLogger, Runtime } from '@temporalio/worker';
import { loadConfig } from '../config/config.ts';
import { stopWhenParentExits } from '../adapters/parent-process.ts';
import { createGovernanceWorker } from './create-worker.ts';

/** The worker process: polls the `ai-governance` task queue until SIGINT or SIGTERM, then drains and exits. */
const config = loadConfig();
// The SDK logs every bundling step at INFO; keep its output to warnings unless asked for debug.
Runtime.install({ logger: new DefaultLogger(config.GOVFLOW_LOG_LEVEL === 'debug' ? 'DEBUG' : 'WARN') });
const { worker, close } = await createGovernanceWorker(config);
let stopping = false;
const stop = (): void => {
  if (stopping) return;
  stopping = true;
  worker.shutdown();
};
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, stop);
stopWhenParentExits(stop);
process.stdout.write(
  `worker polling task queue ${config.GOVFLOW_TASK_QUEUE} on ${config.GOVFLOW_TEMPORAL_ADDRESS} ` +
    `(namespace ${config.GOVFLOW_TEMPORAL_NAMESPACE}); events to ${config.GOVFLOW_TOPIC}\n`,
);
await worker.run();
await close();
process.stdout.write('worker stopped\n');
