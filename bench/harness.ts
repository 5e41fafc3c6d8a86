import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Client, Connection, type ClientOptions } from '@temporalio/client';
import { DefaultLogger } from '@temporalio/worker';
import type { Kafka } from 'kafkajs';
import { parse } from 'yaml';
import { createKafka, ensureTopic } from '../adapters/kafka.ts';
import { kafkaSecurity, temporalConnectOptions } from '../adapters/server-credentials.ts';
import { ensureKeyFile, loadKeyFile, loadVerifierKeys } from '../adapters/signing-keys.ts';
import { createCommandSigner } from '../client/command-signer.ts';
import type { TrustedKeys } from '../events/keyring.ts';
import { createGovernanceClient } from '../client/governance-client.ts';
import type { GovernanceClient } from '../client/governance-client.ts';
import { loadConfig } from '../config/config.ts';
import type { Config } from '../config/config.ts';
import { Proposal } from '../domain/proposal.ts';
import { applyStackPorts } from '../scripts/setup.mjs';
import { ensureWorkflowBundle } from '../worker/workflow-bundle.ts';
import { TopicWatcher } from './topic-watcher.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const benchWorkflowsPath = fileURLToPath(new URL('./workflows.ts', import.meta.url));
const quietBundler = new DefaultLogger('WARN');

/** Everything a benchmark or fault scenario works with: a worker child process, clients, topics, a watcher. */
export interface Harness {
  config: Config;
  client: Client;
  gc: GovernanceClient;
  kafka: Kafka;
  watcher: TopicWatcher;
  topic: string;
  bareTopic: string;
  rttTopic: string;
  taskQueue: string;
  template: Proposal;
  worker: WorkerProcess;
  /** The public keys of the worker's event key file: what an independent consumer trusts. */
  eventKeys: TrustedKeys;
  /** Another governance client on the same connection, with client interceptors (the tracing phase's). */
  governanceWith(interceptors: ClientOptions['interceptors']): GovernanceClient;
  close(): Promise<void>;
}

export interface WorkerProcess {
  readonly pid: number;
  /** Starts the worker again (optionally with extra environment, e.g. BENCH_NULL_SIGNER); resolves with the seconds from the start of the process until it polls. */
  restart(extraEnv?: NodeJS.ProcessEnv): Promise<number>;
  kill(signal: NodeJS.Signals): Promise<void>;
}

export const progress = (line: string): void => {
  process.stdout.write(`[bench] ${line}\n`);
};

/** Brings the local stack up (idempotent) unless GOVFLOW_SKIP_STACK is set for an external cluster. */
export function ensureStack(): void {
  applyStackPorts();
  if (process.env.GOVFLOW_SKIP_STACK) return;
  const r = spawnSync('bash', [`${root}scripts/stack.sh`, 'up'], { stdio: 'inherit' });
  if (r.status !== 0) throw new Error('the local stack did not come up');
}

/** Starts the benchmark worker as a child process and resolves when it polls. */
function startWorker(env: NodeJS.ProcessEnv): Promise<ChildProcess> {
  // Extra Node flags for the worker alone, e.g. BENCH_WORKER_NODE_FLAGS='--cpu-prof --cpu-prof-dir=prof' to profile it.
  const extra = env.BENCH_WORKER_NODE_FLAGS?.split(/\s+/).filter(Boolean) ?? [];
  return new Promise((resolve, reject) => {
    const child = fork(`${root}bench/worker.ts`, [], { env, execArgv: ['--import', 'tsx', ...extra], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    child.once('message', () => resolve(child));
    child.once('exit', (code) => reject(new Error(`bench worker exited with ${code} before it was ready`)));
  });
}

function workerProcess(env: NodeJS.ProcessEnv, first: ChildProcess): WorkerProcess {
  let child = first;
  const exited = (c: ChildProcess) => new Promise<void>((r) => (c.exitCode !== null || c.signalCode !== null ? r() : c.once('exit', () => r())));
  return {
    get pid() {
      return child.pid ?? -1;
    },
    async kill(signal) {
      child.removeAllListeners('exit');
      child.kill(signal);
      await exited(child);
    },
    async restart(extraEnv = {}) {
      const started = performance.now();
      child = await startWorker({ ...env, ...extraEnv });
      return (performance.now() - started) / 1000;
    },
  };
}

/** Sets up a run: unique topics and task queue, a worker child, the governance client and one watcher. */
export async function createHarness(name: string, options: { prebuiltBundle?: boolean } = {}): Promise<Harness> {
  const base = loadConfig();
  const run = `${name}-${Date.now().toString(36)}`;
  const topic = `govflow-${run}`;
  const bareTopic = `${topic}.bare`;
  const rttTopic = `${topic}.rtt`;
  const taskQueue = `${run}`;
  // The benchmark runs under its own testing pack, which only a development or test deployment may load.
  const env: NodeJS.ProcessEnv = {
    ...process.env, GOVFLOW_TOPIC: topic, GOVFLOW_TASK_QUEUE: taskQueue, BENCH_BARE_TOPIC: bareTopic,
    GOVFLOW_ENV: process.env.GOVFLOW_ENV ?? 'development', GOVFLOW_POLICY_PACK: process.env.GOVFLOW_POLICY_PACK ?? 'bench',
  };
  // Without the prebuilt bundle (to measure what it saves), the worker looks for one in a folder that has none.
  if (options.prebuiltBundle === false) env.GOVFLOW_STATE_DIR = `${base.GOVFLOW_STATE_DIR}/no-prebuilt-bundle`;
  const config = loadConfig(env);
  await ensureKeyFile(config.GOVFLOW_EVENT_KEY_FILE);
  await ensureKeyFile(config.GOVFLOW_COMMAND_KEY_FILE);
  const eventKeys = (await loadVerifierKeys({ trustedFile: config.GOVFLOW_TRUSTED_EVENT_KEYS, keyFile: config.GOVFLOW_EVENT_KEY_FILE })).trusted;
  const kafka = createKafka({ brokers: config.GOVFLOW_KAFKA_BROKERS, clientId: 'govflow-bench', logLevel: 'nothing', ...kafkaSecurity(config) });
  const admin = kafka.admin();
  await admin.connect();
  for (const t of [topic, bareTopic, rttTopic]) await ensureTopic(admin, { topic: t, partitions: base.GOVFLOW_TOPIC_PARTITIONS, replication: 1 });
  await admin.disconnect();
  // Prebuilt like `npm start` does, so a restarted worker polls without bundling (a stale bundle is rebuilt here).
  if (options.prebuiltBundle !== false) {
    const bundle = await ensureWorkflowBundle(config.GOVFLOW_STATE_DIR, benchWorkflowsPath, quietBundler);
    progress(`workflow bundle ${bundle.built ? 'built' : 'up to date'}: ${bundle.codePath}`);
  }
  progress(`starting the benchmark worker (task queue ${taskQueue})`);
  const worker = workerProcess(env, await startWorker(env));
  const connection = await Connection.connect(temporalConnectOptions(config));
  const client = new Client({ connection, namespace: config.GOVFLOW_TEMPORAL_NAMESPACE });
  const commandSigner = createCommandSigner((await loadKeyFile(config.GOVFLOW_COMMAND_KEY_FILE)).signer);
  const gc = createGovernanceClient({ client, taskQueue, defaultPolicyPack: config.GOVFLOW_POLICY_PACK, commandSigner });
  const watcher = new TopicWatcher(kafka, [topic, bareTopic, rttTopic], `${run}-watcher`);
  await watcher.start();
  const template = Proposal.parse(parse(readFileSync(`${root}examples/credit-scoring.yaml`, 'utf8')));
  return {
    config, client, gc, kafka, watcher, topic, bareTopic, rttTopic, taskQueue, template, worker, eventKeys,
    governanceWith: (interceptors) =>
      createGovernanceClient({
        client: new Client({ connection, namespace: config.GOVFLOW_TEMPORAL_NAMESPACE, ...(interceptors ? { interceptors } : {}) }),
        taskQueue, defaultPolicyPack: config.GOVFLOW_POLICY_PACK, commandSigner,
      }),
    async close() {
      await watcher.stop();
      await worker.kill('SIGTERM');
      await connection.close();
    },
  };
}
