// `npm test`: picks the Node runtime, installs what is missing, brings up the real Temporal server and Kafka broker,
// runs the whole vitest suite against them, then the smoke run on the other supported Node line (skipped when extra
// arguments go to vitest), and stops the stack again if it started it.
import { ensureRuntime } from './runtime.mjs';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { applyEnvironment, applyStackPorts, ensureDependencies, ensureLocalKeys, log, root, run, stackDown, stackUp } from './setup.mjs';
import { smokeRun } from './smoke.mjs';
import { ensureChromium } from './chromium.mjs';
import { ensureSmtpServer } from './smtp-server.mjs';
import { ensureConsole } from './build-console.mjs';

await ensureRuntime();
applyEnvironment('test');
applyStackPorts();
// The read side's tests run on SQLite and on a real PostgreSQL, which the stack starts only when asked.
process.env.GOVFLOW_STACK_POSTGRES ??= '1';
await ensureDependencies();
await ensureLocalKeys();
await ensureConsole({ log });
ensureChromium();
ensureSmtpServer();
// The determinism fence around domain/, events/ and workflows/ is a lint rule: it gates the suite like a test.
log('lint: eslint (determinism fence, floating promises, import cycles)');
if ((await run('npx', ['eslint', '.'])) !== 0) {
  log('eslint found problems (see above)');
  process.exit(1);
}
const started = await stackUp();
const vitestArgs = process.argv.slice(2);
const runs = [];

/** The failed tests of one vitest run, each as "file > test: first line of the error". */
function failuresOf(results) {
  const lines = [];
  for (const file of results.testResults ?? []) {
    const where = file.name.startsWith(root) ? file.name.slice(root.length) : file.name;
    for (const test of file.assertionResults ?? []) {
      if (test.status !== 'failed') continue;
      const first = String(test.failureMessages?.[0] ?? '').split('\n')[0].slice(0, 300);
      lines.push(`${where} > ${test.fullName}: ${first}`);
    }
    // A file that failed to load has no test results, only a message.
    if ((file.assertionResults ?? []).length === 0 && file.status === 'failed') {
      lines.push(`${where}: ${String(file.message ?? '').split('\n')[0].slice(0, 300)}`);
    }
  }
  return lines;
}

/** Counts of one vitest run from its JSON results; a run without results counts as failed. */
function counts(name, node, code, file, since) {
  const r = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : null;
  const c = r
    ? { passed: r.numPassedTests, failed: r.numFailedTests, skipped: r.numPendingTests + r.numTodoTests }
    : { passed: 0, failed: 0, skipped: 0 };
  const failures = r ? failuresOf(r) : [];
  return { name, node, ok: code === 0 && r !== null, seconds: Math.round((Date.now() - since) / 1000), failures, ...c };
}

const suiteFile = `${root}.govflow/vitest-results.json`;
rmSync(suiteFile, { force: true });
const suiteStart = Date.now();
log(`suite on Node ${process.version}`);
const suiteCode = await run(
  'npx',
  ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${suiteFile}`, ...vitestArgs],
  {
    env: { ...process.env, GOVFLOW_EXPECT_NODE: process.version },
  },
);
runs.push(counts('suite', process.version, suiteCode, suiteFile, suiteStart));
if (vitestArgs.length === 0) {
  const smokeFile = `${root}.govflow/vitest-smoke-results.json`;
  rmSync(smokeFile, { force: true });
  const smokeStart = Date.now();
  const smoke = await smokeRun(smokeFile);
  runs.push(counts('smoke', smoke.node, smoke.code, smokeFile, smokeStart));
}
if (started && !process.env.GOVFLOW_KEEP_STACK) {
  log('stopping the stack this run started (set GOVFLOW_KEEP_STACK=1 to keep it)');
  await stackDown();
}
process.stdout.write('\n');
for (const r of runs) {
  const status = `${r.ok ? 'ok' : 'FAILED'}, ${r.seconds} s`;
  process.stdout.write(
    `${r.name} on Node ${r.node}: ${r.passed} passed, ${r.failed} failed, ${r.skipped} skipped (${status})\n`,
  );
  // The names of what failed go last, where a CI log's tail shows them.
  for (const failure of r.failures) process.stdout.write(`  failed: ${failure}\n`);
}
const sum = (key) => runs.reduce((n, r) => n + r[key], 0);
process.stdout.write(`tests: ${sum('passed')} passed, ${sum('failed')} failed, ${sum('skipped')} skipped\n`);
process.exit(runs.every((r) => r.ok) ? 0 : 1);
