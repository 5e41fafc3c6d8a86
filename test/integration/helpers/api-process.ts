import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureKeyFile, loadKeyFile } from '../../../adapters/signing-keys.ts';
import type { Jwks } from '../../../events/keyring.ts';
import { testCommandKeys, testEventKeys } from '../../support/test-keys.ts';
import { eventually, freePort } from './processes.ts';
import { testConfig, uniqueName } from './temporal.ts';

const root = fileURLToPath(new URL('../../../', import.meta.url));

/** A state folder for an API process: its own command and event keys, and the tests' event key trusted. */
export interface ApiState {
  readonly dir: string;
  /** The command keys a worker must trust: the tests' own (proposing, voting) and the API's edge key. */
  commandKeys(): Promise<Jwks>;
  readonly env: Record<string, string>;
}

export async function createApiState(prefix: string): Promise<ApiState> {
  const dir = mkdtempSync(join(tmpdir(), `govflow-${prefix}-`));
  const commandKeyFile = join(dir, 'command-signing.jwks.json');
  const eventKeyFile = join(dir, 'event-signing.jwks.json');
  const trustedFile = join(dir, 'trusted-events.jwks.json');
  await ensureKeyFile(commandKeyFile);
  await ensureKeyFile(eventKeyFile);
  writeFileSync(trustedFile, JSON.stringify(testEventKeys.jwks()));
  const apiKeys = (await loadKeyFile(commandKeyFile)).jwks();
  return {
    dir,
    commandKeys: async () => ({ keys: [...testCommandKeys.jwks().keys, ...apiKeys.keys] }),
    env: {
      GOVFLOW_STATE_DIR: dir,
      GOVFLOW_COMMAND_KEY_FILE: commandKeyFile,
      GOVFLOW_EVENT_KEY_FILE: eventKeyFile,
      GOVFLOW_TRUSTED_EVENT_KEYS: trustedFile,
    },
  };
}

/** The API process as `npm start` runs it (api/main.ts), on a free port, once it answers /healthz. */
export interface ApiProcess {
  readonly child: ChildProcess;
  readonly base: string;
  /** Everything it has written to stdout and stderr so far. */
  output(): string;
  /** SIGTERM, then its exit code. */
  stop(): Promise<number | null>;
}

export async function startApiProcess(opts: {
  state: ApiState;
  /** The lifecycles it drives and the topic its read side folds. */
  lifecycles: { taskQueue: string; topic: string };
  env?: Record<string, string>;
}): Promise<ApiProcess> {
  const { taskQueue, topic } = opts.lifecycles;
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, ['--import', 'tsx', 'api/main.ts'], {
    cwd: root,
    env: {
      ...process.env,
      GOVFLOW_ENV: 'test', GOVFLOW_POLICY_PACK: 'test', GOVFLOW_API_PORT: String(port),
      GOVFLOW_TASK_QUEUE: taskQueue, GOVFLOW_TOPIC: topic, GOVFLOW_TOPIC_PARTITIONS: '3', GOVFLOW_DEAD_LETTER_TOPIC: `${topic}.dlq`,
      GOVFLOW_DECISIONS_TOPIC: uniqueName('govflow-test-api-decisions'), GOVFLOW_KAFKA_BROKERS: testConfig.GOVFLOW_KAFKA_BROKERS.join(','),
      ...opts.state.env,
      ...opts.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const healthy = eventually(async () => (await fetch(`${base}/healthz`).catch(() => undefined))?.ok, 'the API to answer', 120_000);
  await Promise.race([healthy, exited.then(() => Promise.reject(new Error('the API exited at start')))]).catch((e: Error) => {
    child.kill('SIGKILL');
    throw new Error(`${e.message}\n${output}`);
  });
  return {
    child,
    base,
    output: () => output,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}
