import { Client, Connection, type ClientOptions } from '@temporalio/client';
import { NativeConnection, Runtime, Worker, makeTelemetryFilterString } from '@temporalio/worker';
import type { WorkerOptions } from '@temporalio/worker';
import { inject } from 'vitest';
import { loadConfig } from '../../../config/config.ts';
import { quietLogger } from './quiet-logger.ts';

export const testConfig = loadConfig();

let runtimeInstalled = false;
/** Keeps the worker's core logs to warnings, so test output stays readable. */
function quietRuntime(): void {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  try {
    Runtime.install({
      logger: quietLogger,
      telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'WARN' }) } },
    });
  } catch {
    // Already installed by another helper in this process.
  }
}

/** A client of the real Temporal server started by the stack scripts. */
export async function connectClient(
  interceptors?: ClientOptions['interceptors'],
): Promise<{ client: Client; close: () => Promise<void> }> {
  const connection = await Connection.connect({ address: testConfig.GOVFLOW_TEMPORAL_ADDRESS });
  const client = new Client({ connection, namespace: testConfig.GOVFLOW_TEMPORAL_NAMESPACE, ...(interceptors ? { interceptors } : {}) });
  return { client, close: () => connection.close() };
}

/** A worker on the real server, running the workflow bundle built once by the global setup. */
export async function createTestWorker(
  options: Pick<WorkerOptions, 'taskQueue' | 'activities'> & Partial<WorkerOptions>,
): Promise<{ worker: Worker; connection: NativeConnection }> {
  quietRuntime();
  const connection = await NativeConnection.connect({ address: testConfig.GOVFLOW_TEMPORAL_ADDRESS });
  const worker = await Worker.create({
    connection,
    namespace: testConfig.GOVFLOW_TEMPORAL_NAMESPACE,
    ...(options.workflowsPath ? {} : { workflowBundle: { codePath: inject('workflowBundlePath') } }),
    ...options,
  });
  return { worker, connection };
}

/** Runs `fn` while the worker polls, then shuts the worker down and closes its connection. */
export async function withWorker<T>(
  options: Parameters<typeof createTestWorker>[0],
  fn: (worker: Worker) => Promise<T>,
): Promise<T> {
  const { worker, connection } = await createTestWorker(options);
  try {
    return await worker.runUntil(fn(worker));
  } finally {
    await connection.close();
  }
}

/** A name no other test run uses: `<prefix>-<time36>-<random>`. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 7)}`;
}
