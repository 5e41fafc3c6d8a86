import { fileURLToPath } from 'node:url';
import { DefaultLogger, Runtime, makeTelemetryFilterString } from '@temporalio/worker';
import { loadConfig } from '../config/config.ts';
import { createGovernanceWorker } from '../worker/create-worker.ts';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import { startTracing } from '../adapters/tracing.ts';
import { createBareActivities } from './bare-activities.ts';

/**
 * The benchmark's worker, a child process of the benchmark so its memory can be read on its own: the production
 * worker's wiring plus the baseline workflow, whose steps publish to BENCH_BARE_TOPIC.
 */
const config = loadConfig();
const bareTopic = process.env.BENCH_BARE_TOPIC ?? `${config.GOVFLOW_TOPIC}.bare`;
// Core's retry warnings are expected while the fault scenarios stop the server; errors still show.
Runtime.install({
  logger: new DefaultLogger('WARN'),
  telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'ERROR' }) } },
});
// The cost of signing is measured against the same worker with a signer that does no cryptography (all-zero
// signatures): the publish path is otherwise identical. Only the benchmark can build such a worker.
const nullSigner = process.env.BENCH_NULL_SIGNER === '1';
const eventKeys = nullSigner
  ? { signer: { kid: 'bench-null-signer', sign: async () => new Uint8Array(64) }, trusted: new Map<string, Uint8Array>(), jwks: () => ({ keys: [] }) }
  : undefined;
// The cost of tracing: the same worker tracing to an in-memory exporter (nothing leaves the process).
const tracing = process.env.BENCH_TRACING === '1' ? startTracing({ serviceName: 'govflow-bench-worker', exporter: new InMemorySpanExporter() }) : undefined;
const { worker, close } = await createGovernanceWorker(config, {
  ...(eventKeys ? { eventKeys } : {}),
  ...(tracing ? { tracing } : {}),
  workflowsPath: fileURLToPath(new URL('./workflows.ts', import.meta.url)),
  extraActivities: ({ producer }) => createBareActivities({ producer, topic: bareTopic }),
});
process.once('SIGTERM', () => worker.shutdown());
process.once('SIGINT', () => worker.shutdown());
process.send?.({ ready: true });
await worker.run();
await close();
await tracing?.shutdown();
