// Shared set-up for `npm start` and `npm test`: the Node runtime, npm dependencies, the local stack. Node built-ins
// only, because it runs before `npm ci` on a fresh clone.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export { ensureRuntime } from './runtime.mjs';

export const root = fileURLToPath(new URL('..', import.meta.url));

export function log(message) {
  process.stdout.write(`[govflow] ${message}\n`);
}

export function fail(message) {
  process.stderr.write(`[govflow] error: ${message}\n`);
  process.exit(1);
}

/** Runs a command with inherited output and resolves with its exit code. */
export function run(command, args, options = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, stdio: 'inherit', ...options });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
    child.on('error', (err) => {
      process.stderr.write(`[govflow] could not run ${command}: ${err.message}\n`);
      resolve(1);
    });
  });
}

/**
 * `npm ci` in `dir` when its node_modules is missing, older than package-lock.json, or was built for another Node ABI
 * (`process.versions.modules` of the Node that runs it): native modules built for one ABI crash on another.
 * `env` is the environment of the Node that will use the install (its folder first on PATH).
 */
export async function ensureDependencies({ dir = root, env = process.env, abi = process.versions.modules } = {}) {
  const marker = join(dir, 'node_modules', '.govflow-install');
  const lock = join(dir, 'package-lock.json');
  const want = `node-abi ${abi} ${process.platform}-${process.arch}\n`;
  const fresh = existsSync(marker) && statSync(marker).mtimeMs >= statSync(lock).mtimeMs;
  if (fresh && readFileSync(marker, 'utf8') === want) return;
  log(`installing npm dependencies for Node ABI ${abi} (npm ci)`);
  const code = await run('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: dir, env });
  if (code !== 0) fail('npm ci failed (see above)');
  writeFileSync(marker, want);
}

/** Marks the processes `npm start` and `npm test` run as outside production (the default is production). */
export function applyEnvironment(name, env = process.env) {
  env.GOVFLOW_ENV ??= name;
  return env;
}

/**
 * Points the application at the stack's ports: a port moved with GOVFLOW_TEMPORAL_PORT or GOVFLOW_KAFKA_PORT moves
 * the addresses the worker, the API and the tests use too, unless those are set explicitly.
 */
export function applyStackPorts(env = process.env) {
  env.GOVFLOW_TEMPORAL_ADDRESS ??= `127.0.0.1:${env.GOVFLOW_TEMPORAL_PORT ?? '7233'}`;
  env.GOVFLOW_TEMPORAL_UI_URL ??= `http://127.0.0.1:${env.GOVFLOW_TEMPORAL_UI_PORT ?? '8233'}`;
  env.GOVFLOW_KAFKA_BROKERS ??= `127.0.0.1:${env.GOVFLOW_KAFKA_PORT ?? '9092'}`;
  env.GOVFLOW_OIDC_ISSUER ??= `http://127.0.0.1:${env.GOVFLOW_OIDC_PORT ?? '8090'}`;
  return env;
}

/** True when both servers of the stack answer. */
export function stackRunning() {
  return spawnSync('bash', ['scripts/stack.sh', 'status'], { cwd: root, stdio: 'ignore' }).status === 0;
}

/** Brings the stack up; returns whether this call started it (so the caller knows to stop it). */
export async function stackUp() {
  const wasRunning = stackRunning();
  const code = await run('bash', ['scripts/stack.sh', 'up']);
  if (code !== 0) {
    // Half a stack (Temporal up, Kafka failed) must not outlive the command that started it.
    if (!wasRunning) await stackDown();
    fail('the local stack did not come up (see above)');
  }
  return !wasRunning;
}

export async function stackDown() {
  await run('bash', ['scripts/stack.sh', 'down']);
}

/** Creates the local signing key pairs once (the key files named by config; kept when they exist). */
export async function ensureLocalKeys() {
  const code = await run(process.execPath, ['--import', 'tsx', 'scripts/ensure-keys.ts']);
  if (code !== 0) fail('could not create the local signing keys (see above)');
}
