// `npm start`: installs what is missing, brings up the local stack, starts a worker and the HTTP API, prints where
// everything is, and on Ctrl-C stops what it started.
import { spawn } from 'node:child_process';
import { applyStackPorts, checkNode, ensureDependencies, ensureLocalKeys, log, root, stackDown, stackUp } from './setup.mjs';

checkNode();
applyStackPorts();
await ensureDependencies();
await ensureLocalKeys();
const startedStack = await stackUp();

const env = { ...process.env };
const apiHost = env.GOVFLOW_API_HOST ?? '127.0.0.1';
const apiPort = env.GOVFLOW_API_PORT ?? '8080';
const apiUrl = `http://${apiHost}:${apiPort}`;
const uiUrl = env.GOVFLOW_TEMPORAL_UI_URL ?? `http://127.0.0.1:${env.GOVFLOW_TEMPORAL_UI_PORT ?? '8233'}`;
const children = [];

/** Starts a TypeScript entry point with tsx, prefixing each output line with its name. */
function startProcess(name, entry) {
  const child = spawn(process.execPath, ['--import', 'tsx', entry], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const prefix = (stream, out) =>
    stream.on('data', (chunk) => {
      for (const line of chunk.toString().split('\n')) if (line) out.write(`[${name}] ${line}\n`);
    });
  prefix(child.stdout, process.stdout);
  prefix(child.stderr, process.stderr);
  child.on('exit', (code, signal) => {
    if (!stopping) {
      log(`${name} exited (${signal ?? code}); stopping`);
      void stop(1);
    }
  });
  children.push(child);
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

let stopping = false;
async function stop(code) {
  if (stopping) return;
  stopping = true;
  log('stopping worker and API');
  await Promise.all(
    children.map(
      (c) =>
        new Promise((resolve) => {
          if (c.exitCode !== null) return resolve();
          c.once('exit', resolve);
          c.kill('SIGTERM');
          setTimeout(() => c.kill('SIGKILL'), 15_000).unref();
        }),
    ),
  );
  if (startedStack) await stackDown();
  process.exit(code);
}
process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));

startProcess('worker', 'worker/main.ts');
startProcess('api', 'api/main.ts');
if (!(await waitForHealth(`${apiUrl}/healthz`, 60))) {
  log(`the API did not answer at ${apiUrl}/healthz within 60 s`);
  await stop(1);
}
log('govflow is running:');
log(`  API          ${apiUrl}   (health ${apiUrl}/healthz, readiness ${apiUrl}/readyz)`);
log(`  OpenAPI      ${apiUrl}/openapi.json   docs ${apiUrl}/docs`);
log(`  Temporal UI  ${uiUrl}`);
log(`  Kafka        ${env.GOVFLOW_KAFKA_BROKERS ?? '127.0.0.1:9092'}  topic ${env.GOVFLOW_TOPIC ?? 'ai-governance.lifecycle.v1'}`);
log('Ctrl-C stops the worker and the API' + (startedStack ? ' and the stack.' : ' (the stack was already running; it stays).'));
