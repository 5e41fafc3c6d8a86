import { fileURLToPath } from 'node:url';
import { Connection } from '@temporalio/client';
import type { TestProject } from 'vitest/node';
import { loadConfig } from '../../config/config.ts';
import { createKafka } from '../../adapters/kafka.ts';
import { ensureWorkflowBundle } from '../../worker/workflow-bundle.ts';
import { quietLogger } from './helpers/quiet-logger.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    workflowBundlePath: string;
  }
}

const workflowsPath = fileURLToPath(new URL('../../workflows/index.ts', import.meta.url));

/** Fails the whole run at once, with the way out, when a server of the stack cannot be reached. */
async function requireStack(): Promise<void> {
  const config = loadConfig();
  const hint = 'start the local stack with `npm run stack:up` (npm test does this for you)';
  try {
    const connection = await Connection.connect({ address: config.GOVFLOW_TEMPORAL_ADDRESS, connectTimeout: 5_000 });
    await connection.healthService.check({});
    await connection.close();
  } catch (err) {
    throw new Error(`Temporal server not reachable at ${config.GOVFLOW_TEMPORAL_ADDRESS}: ${String(err)}; ${hint}`);
  }
  const admin = createKafka({ brokers: config.GOVFLOW_KAFKA_BROKERS, clientId: 'govflow-test-setup' }).admin();
  try {
    await admin.connect();
    await admin.describeCluster();
  } catch (err) {
    throw new Error(`Kafka broker not reachable at ${config.GOVFLOW_KAFKA_BROKERS.join(',')}: ${String(err)}; ${hint}`);
  } finally {
    await admin.disconnect();
  }
}

/**
 * One check of the real servers and one workflow bundle for every integration test file: the prebuilt one of
 * `npm run build:workflows` when it matches the sources, else built now (and kept for the next run and `npm start`).
 */
export default async function setup(project: TestProject): Promise<void> {
  await requireStack();
  const { codePath } = await ensureWorkflowBundle(loadConfig().GOVFLOW_STATE_DIR, workflowsPath, quietLogger);
  project.provide('workflowBundlePath', codePath);
}
