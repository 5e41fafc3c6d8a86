import { fileURLToPath } from 'node:url';
import { NativeConnection, Worker } from '@temporalio/worker';
import type { Kafka, Producer } from 'kafkajs';
import { allowsTestingPacks, type Config } from '../config/config.ts';
import { createActivities } from '../activities/index.ts';
import { createEventProducer, createKafka, ensureTopic } from '../adapters/kafka.ts';
import { kafkaSecurity, temporalConnectOptions } from '../adapters/server-credentials.ts';
import { loadKeyFile, loadVerifierKeys, type KeyProvider } from '../adapters/signing-keys.ts';
import type { WorkerMetrics } from '../adapters/metrics/registry.ts';
import { workerTracingOptions } from '../adapters/temporal-tracing.ts';
import type { Tracing } from '../adapters/tracing.ts';
import { checkWorkflowBundle, WORKFLOW_INTERCEPTOR_MODULES } from './workflow-bundle.ts';

const workflowsPath = fileURLToPath(new URL('../workflows/index.ts', import.meta.url));

/** A running-ready worker and what it holds open, so the caller can shut everything down in order. */
export interface GovernanceWorker {
  worker: Worker;
  close(): Promise<void>;
}

/** Wires config to connections, the event topic, the producer, the activities and one Temporal worker. */
export async function createGovernanceWorker(
  config: Config,
  options: {
    workflowBundlePath?: string;
    /** Another workflows module (the benchmark adds its baseline workflow beside the lifecycle). */
    workflowsPath?: string;
    /** Activities registered beside govflow's own (the benchmark's baseline). */
    extraActivities?: (deps: { producer: Producer }) => Record<string, (...args: never[]) => Promise<unknown>>;
    maxConcurrentWorkflowTaskExecutions?: number;
    /** Why the prebuilt bundle was not used (default: one line on stderr). */
    log?: (line: string) => void;
    /** Another event keyring than the key file's (the benchmark's). */
    eventKeys?: KeyProvider;
    /** Publish metrics (the worker's /metrics). */
    metrics?: WorkerMetrics;
    /** Traces activities and the Kafka produce (the workflow hands each command's trace context on). */
    tracing?: Tracing;
  } = {},
): Promise<GovernanceWorker> {
  const eventKeys = options.eventKeys ?? (await loadKeyFile(config.GOVFLOW_EVENT_KEY_FILE));
  // Read at each lifecycle start (and once now, so a missing or malformed file stops the worker at start).
  const commandKeys = async () =>
    (await loadVerifierKeys({ trustedFile: config.GOVFLOW_TRUSTED_COMMAND_KEYS, keyFile: config.GOVFLOW_COMMAND_KEY_FILE })).jwks();
  await commandKeys();
  const kafka = createKafka({ brokers: config.GOVFLOW_KAFKA_BROKERS, clientId: `${config.GOVFLOW_KAFKA_CLIENT_ID}-worker`, logLevel: config.GOVFLOW_KAFKA_LOG_LEVEL, ...kafkaSecurity(config) });
  const producer = createEventProducer(kafka);
  // Independent start-up steps side by side, so a restarted worker polls sooner (this step: median 2.8 -> 2.3 s).
  const [, connection, workflows] = await Promise.all([
    connectProducer(kafka, producer, config),
    NativeConnection.connect(temporalConnectOptions(config)),
    workflowCode(config, options),
  ]);
  const traced = options.tracing ? workerTracingOptions(options.tracing) : undefined;
  const worker = await Worker.create({
    connection,
    namespace: config.GOVFLOW_TEMPORAL_NAMESPACE,
    taskQueue: config.GOVFLOW_TASK_QUEUE,
    // A prebuilt bundle carries its interceptor modules already; code bundled now is given them here.
    interceptors: {
      ...traced?.interceptors,
      ...('workflowsPath' in workflows ? { workflowModules: WORKFLOW_INTERCEPTOR_MODULES } : {}),
    },
    // Lifecycles wait for people for days: caching every open one costs ~2.4 MiB each (measured by `npm run bench`),
    // while replaying an evicted one from its bounded history costs milliseconds.
    maxCachedWorkflows: config.GOVFLOW_WORKER_MAX_CACHED_WORKFLOWS,
    ...workflows,
    activities: {
      ...createActivities({
        producer,
        topic: config.GOVFLOW_TOPIC,
        checkpointTopic: config.GOVFLOW_CHECKPOINT_TOPIC,
        eventSigner: eventKeys.signer,
        commandKeys,
        policyDir: config.GOVFLOW_POLICY_DIR,
        defaultPack: config.GOVFLOW_POLICY_PACK,
        allowTestingPacks: allowsTestingPacks(config),
        ...(options.metrics ? { publishObserver: options.metrics } : {}),
        ...(options.tracing ? { tracer: options.tracing.tracer } : {}),
      }),
      ...options.extraActivities?.({ producer }),
    },
    ...(options.maxConcurrentWorkflowTaskExecutions
      ? { maxConcurrentWorkflowTaskExecutions: options.maxConcurrentWorkflowTaskExecutions }
      : {}),
  });
  return {
    worker,
    async close() {
      await producer.disconnect();
      await connection.close();
    },
  };
}

/** Makes sure the event topic exists with every partition led, then connects the producer. */
async function connectProducer(kafka: Kafka, producer: Producer, config: Config): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await ensureTopic(admin, {
      topic: config.GOVFLOW_TOPIC,
      partitions: config.GOVFLOW_TOPIC_PARTITIONS,
      replication: config.GOVFLOW_TOPIC_REPLICATION,
    });
    await ensureTopic(admin, {
      topic: config.GOVFLOW_CHECKPOINT_TOPIC,
      partitions: config.GOVFLOW_TOPIC_PARTITIONS,
      replication: config.GOVFLOW_TOPIC_REPLICATION,
    });
  } finally {
    await admin.disconnect();
  }
  await producer.connect();
}

/**
 * The prebuilt bundle (`npm run build:workflows`) when it was built from the workflow sources as they are now, else
 * the sources themselves, which the SDK bundles at start-up (10–15 s on two cores).
 */
async function workflowCode(
  config: Config,
  options: { workflowBundlePath?: string; workflowsPath?: string; log?: (line: string) => void },
): Promise<{ workflowBundle: { codePath: string } } | { workflowsPath: string }> {
  if (options.workflowBundlePath) return { workflowBundle: { codePath: options.workflowBundlePath } };
  const path = options.workflowsPath ?? workflowsPath;
  const check = await checkWorkflowBundle(config.GOVFLOW_STATE_DIR, path);
  if (check.ok) return { workflowBundle: { codePath: check.codePath } };
  const log = options.log ?? ((line: string) => void process.stderr.write(`${line}\n`));
  log(`worker: bundling the workflow code at start-up: prebuilt bundle not used (${check.reason}; npm run build:workflows)`);
  return { workflowsPath: path };
}
