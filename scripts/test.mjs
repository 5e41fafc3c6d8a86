// `npm test`: installs what is missing, brings up the real Temporal server and Kafka broker, runs the whole vitest
// suite against them, and stops the stack again if it started it. Extra arguments go to vitest.
import { readFileSync, existsSync } from 'node:fs';
import { applyStackPorts, checkNode, ensureDependencies, ensureLocalKeys, log, root, run, stackDown, stackUp } from './setup.mjs';

checkNode();
applyStackPorts();
await ensureDependencies();
await ensureLocalKeys();
// The determinism fence around domain/, events/ and workflows/ is a lint rule: it gates the suite like a test.
log('lint: eslint (determinism fence, floating promises, import cycles)');
if ((await run('npx', ['eslint', '.'])) !== 0) {
  log('eslint found problems (see above)');
  process.exit(1);
}
const started = await stackUp();
const resultFile = `${root}.govflow/vitest-results.json`;
const code = await run('npx', [
  'vitest',
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${resultFile}`,
  ...process.argv.slice(2),
]);
if (started && !process.env.GOVFLOW_KEEP_STACK) {
  log('stopping the stack this run started (set GOVFLOW_KEEP_STACK=1 to keep it)');
  await stackDown();
}
if (existsSync(resultFile)) {
  const r = JSON.parse(readFileSync(resultFile, 'utf8'));
  process.stdout.write(`\ntests: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests + r.numTodoTests} skipped\n`);
}
process.exit(code);
