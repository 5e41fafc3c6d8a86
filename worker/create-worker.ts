import { fileURLToPath } from 'node:url';
import { NativeConnection, Worker } from '@temporalio/worker';
import type { Producer } from 'kafkajs';
import type { Config } from '../config/config.ts';
import { createActivities } from '../activities/index.ts';
import { createEventProducer, createKafka, ensureTopic } from '../adapters/kafka.ts';
import { loadKeyFile, loadVerifierKeys, type KeyProvider } from '../adapters/signing-keys.ts';

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
    /** Another event keyring than the key file's (the benchmark's). */
    eventKeys?: KeyProvider;
  } = {},
): Promise<GovernanceWorker> {
  const eventKeys = options.eventKeys ?? (await loadKeyFile(config.GOVFLOW_EVENT_KEY_FILE));
  const commandKeys = await loadVerifierKeys({ trustedFile: config.GOVFLOW_TRUSTED_COMMAND_KEYS, keyFile: config.GOVFLOW_COMMAND_KEY_FILE });
  const kafka = createKafka({ brokers: config.GOVFLOW_KAFKA_BROKERS, clientId: `${config.GOVFLOW_KAFKA_CLIENT_ID}-worker` });
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
  const producer = createEventProducer(kafka);
  await producer.connect();
  const connection = await NativeConnection.connect({ address: config.GOVFLOW_TEMPORAL_ADDRESS });
  const worker = await Worker.create({
    connection,
    namespace: config.GOVFLOW_TEMPORAL_NAMESPACE,
    taskQueue: config.GOVFLOW_TASK_QUEUE,
    // Lifecycles wait for people for days: caching every open one costs ~2.4 MiB each (measured by `npm run bench`),
    // while replaying an evicted one from its bounded history costs milliseconds.
    maxCachedWorkflows: config.GOVFLOW_WORKER_MAX_CACHED_WORKFLOWS,
    ...(options.workflowBundlePath
      ? { workflowBundle: { codePath: options.workflowBundlePath } }
      : { workflowsPath: options.workflowsPath ?? workflowsPath }),
    activities: {
      ...createActivities({
        producer,
        topic: config.GOVFLOW_TOPIC,
        checkpointTopic: config.GOVFLOW_CHECKPOINT_TOPIC,
        eventSigner: eventKeys.signer,
        commandKeys: commandKeys.jwks(),
        policyDir: config.GOVFLOW_POLICY_DIR,
        defaultPack: config.GOVFLOW_POLICY_PACK,
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
