// `npm run build:workflows`: bundles the workflow code once, with a manifest of the sources it was built from, so a
// worker that starts (or restarts) polls within seconds instead of bundling for 10–15 s.
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DefaultLogger } from '@temporalio/worker';
import { loadConfig } from '../config/config.ts';
import { buildWorkflowBundle, checkWorkflowBundle } from '../worker/workflow-bundle.ts';

const defaults = [fileURLToPath(new URL('../workflows/index.ts', import.meta.url))];
const config = loadConfig();
// Extra arguments name other workflows modules (the benchmark bundles its own beside the lifecycle).
const entries = process.argv.length > 2 ? process.argv.slice(2).map((p) => resolve(p)) : defaults;
for (const workflowsPath of entries) {
  const check = await checkWorkflowBundle(config.GOVFLOW_STATE_DIR, workflowsPath);
  if (check.ok) {
    process.stdout.write(`workflow bundle up to date: ${check.codePath}\n`);
    continue;
  }
  const started = performance.now();
  const { codePath } = await buildWorkflowBundle(config.GOVFLOW_STATE_DIR, workflowsPath, new DefaultLogger('WARN'));
  const took = ((performance.now() - started) / 1000).toFixed(1);
  process.stdout.write(`workflow bundle built in ${took} s (${check.reason}): ${codePath}\n`);
}
