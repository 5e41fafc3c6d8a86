// `npm start`: installs what is missing, brings up the local stack, builds the workflow bundle, starts a worker and
// the HTTP API and keeps them running (a crashed one is restarted with backoff), prints where everything is, and on
// Ctrl-C, SIGTERM or a failure of its own stops everything it started.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { applyEnvironment, applyStackPorts, ensureDependencies, ensureLocalKeys, ensureRuntime, log, root, run, stackDown, stackUp } from './setup.mjs';
import { supervise } from './supervise.mjs';
import { ensureConsole } from './build-console.mjs';

await ensureRuntime();

// Until the stack is up, a signal only marks the run as interrupted: the set-up steps get a terminal's Ctrl-C
// themselves and clean up after themselves, and stopping waits until it is known whether this run started the stack.
let interrupted = false;
let onSignal = () => (interrupted = true);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => onSignal());

applyEnvironment('development');
applyStackPorts();
await ensureDependencies();
await ensureLocalKeys();
await ensureConsole({ log });
const startedStack = await stackUp();

const env = { ...process.env };
const apiHost = env.GOVFLOW_API_HOST ?? '127.0.0.1';
const apiPort = env.GOVFLOW_API_PORT ?? '8080';
const apiUrl = `http://${apiHost}:${apiPort}`;
const uiUrl = env.GOVFLOW_TEMPORAL_UI_URL ?? `http://127.0.0.1:${env.GOVFLOW_TEMPORAL_UI_PORT ?? '8233'}`;
const supervised = [];
// kafkajs 2.2.4 arms a negative timeout after every broker response, which Node 23+ warns about at each start; the
// timer is clamped to 1 ms, as kafkajs intends.
const quietWarnings = process.allowedNodeEnvironmentFlags.has('--disable-warning') ? ['--disable-warning=TimeoutNegativeWarning'] : [];

/**
 * Starts a TypeScript entry point with tsx, prefixing each output line with its name. The child gets its own process
 * group, so a terminal's Ctrl-C reaches only this supervisor, which stops the children in order; and an IPC channel,
 * whose closing tells the child to stop should this process die without the chance to stop it.
 */
function startProcess(name, entry) {
  const child = spawn(process.execPath, [...quietWarnings, '--import', 'tsx', entry], {
    cwd: root,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  for (const [stream, out] of [[child.stdout, process.stdout], [child.stderr, process.stderr]]) {
    createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => out.write(`[${name}] ${line}\n`));
  }
  return child;
}

async function waitForHealth(url, seconds) {
  for (let i = 0; i < seconds * 2; i++) {
    try {
      const res = await fetch(url);
      if (res.ok) return true;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  return false;
}

let stopping;
/** Stops the worker and the API (and the stack if this run started it), once, then exits with `code`. */
function stop(code) {
  stopping ??= (async () => {
    log('stopping worker and API');
    await Promise.all(supervised.map((s) => s.stop()));
    if (startedStack) await stackDown();
    log(code === 0 ? 'stopped' : `stopped after a failure (exit code ${code})`);
    process.exit(code);
  })();
  return stopping;
}
onSignal = () => void stop(0);
if (interrupted) await stop(0);
process.on('uncaughtException', (err) => {
  process.stderr.write(`[govflow] error: ${err.stack ?? err.message}\n`);
  void stop(1);
});
process.on('unhandledRejection', (err) => {
  process.stderr.write(`[govflow] error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  void stop(1);
});

// Built once here, so the worker and every restart of it start from the bundle instead of bundling for 10–15 s.
if ((await run(process.execPath, ['--import', 'tsx', 'scripts/build-workflows.ts'], { env })) !== 0) {
  log('the workflow bundle could not be built (see above)');
  await stop(1);
}
if (!stopping) {
  // Notifications run as their own process: a slow mail server or webhook never holds up the worker's activities or
  // the API's requests, and the delivery ledger (SQLite in the state folder) stays with the one process that writes it.
  for (const [name, entry] of [['worker', 'worker/main.ts'], ['api', 'api/main.ts'], ['notify', 'consumer/notifications/main.ts']]) {
    supervised.push(supervise({ name, start: () => startProcess(name, entry), log }));
  }
  if (!(await waitForHealth(`${apiUrl}/healthz`, 60))) {
    log(`the API did not answer at ${apiUrl}/healthz within 60 s`);
    await stop(1);
  }
}
if (!stopping) {
  log('govflow is running:');
  log(`  API          ${apiUrl}   (health ${apiUrl}/healthz, readiness ${apiUrl}/readyz)`);
  log(`  Console      ${apiUrl}/console/   (sign in with a dev account of the local issuer)`);
  log(`  OpenAPI      ${apiUrl}/openapi.json   docs ${apiUrl}/docs`);
  log(`  Temporal UI  ${uiUrl}`);
  log(`  Kafka        ${env.GOVFLOW_KAFKA_BROKERS ?? '127.0.0.1:9092'}  topic ${env.GOVFLOW_TOPIC ?? 'ai-governance.lifecycle.v1'}`);
  log(`  Sign-in      ${env.GOVFLOW_OIDC_ISSUER}   (local OpenID Connect issuer: govflow login --dev-account <id>)`);
  log('  Notifications  email and signed webhooks when GOVFLOW_SMTP_URL / GOVFLOW_WEBHOOK_URLS are set (README, "Notifications")');
  log('A worker, API or notifier that exits is restarted (backoff from 0.5 s, at most 30 s).');
  log('Ctrl-C stops the worker and the API' + (startedStack ? ' and the stack.' : ' (the stack was already running; it stays).'));
}
