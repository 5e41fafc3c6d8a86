import { mkdir, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { Connection } from '@temporalio/client';
import { bundleWorkflowCode } from '@temporalio/worker';
import type { TestProject } from 'vitest/node';
import { loadConfig } from '../../config/config.ts';
import { createKafka } from '../../adapters/kafka.ts';
import { quietLogger } from './helpers/quiet-logger.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    workflowBundlePath: string;
  }
}

const stateDir = fileURLToPath(new URL('../../.govflow/', import.meta.url));
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

/** One check of the real servers and one workflow bundle for every integration test file. */
export default async function setup(project: TestProject): Promise<void> {
  await requireStack();
  const { code } = await bundleWorkflowCode({ workflowsPath, logger: quietLogger });
  await mkdir(stateDir, { recursive: true });
  const bundlePath = `${stateDir}workflow-bundle.js`;
  await writeFile(bundlePath, code);
  project.provide('workflowBundlePath', bundlePath);
}
