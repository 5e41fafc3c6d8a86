import { DefaultLogger, Runtime } from '@temporalio/worker';
import { loadConfigOrExit } from '../config/config.ts';
import { stopWhenParentExits } from '../adapters/parent-process.ts';
import { startMetricsServer, type MetricsServer } from '../adapters/metrics/metrics-server.ts';
import { createRegistry, createWorkerMetrics } from '../adapters/metrics/registry.ts';
import { scrapeAccess } from '../adapters/metrics/scrape-access.ts';
import { tracingFromConfig } from '../adapters/tracing.ts';
import { createGovernanceWorker } from './create-worker.ts';
import { temporalRuntimeMetrics } from './runtime-metrics.ts';

/** The worker process: polls the `ai-governance` task queue until SIGINT or SIGTERM, then drains and exits. */
const config = loadConfigOrExit();
// The SDK logs every bundling step at INFO; keep its output to warnings unless asked for debug.
Runtime.install({
  logger: new DefaultLogger(config.GOVFLOW_LOG_LEVEL === 'debug' ? 'DEBUG' : 'WARN'),
  ...temporalRuntimeMetrics(config),
});
const tracing = tracingFromConfig(config, 'govflow-worker');
const registry = createRegistry();
const metrics = createWorkerMetrics(registry);
const { worker, close } = await createGovernanceWorker(config, { metrics, ...(tracing ? { tracing } : {}) });
const metricsServer: MetricsServer | undefined = config.GOVFLOW_WORKER_METRICS_PORT
  ? await startMetricsServer({ registry, host: config.GOVFLOW_WORKER_METRICS_HOST, port: config.GOVFLOW_WORKER_METRICS_PORT, access: scrapeAccess(config) })
  : undefined;
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
    `(namespace ${config.GOVFLOW_TEMPORAL_NAMESPACE}); events to ${config.GOVFLOW_TOPIC}` +
    `${metricsServer ? `; metrics ${metricsServer.url}` : ''}${tracing ? `; tracing to ${config.OTEL_TRACES_EXPORTER}` : ''}\n`,
);
await worker.run();
await close();
await metricsServer?.close();
await tracing?.shutdown();
process.stdout.write('worker stopped\n');
