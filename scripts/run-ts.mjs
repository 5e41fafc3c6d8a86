// Runs a TypeScript entry point with tsx on a supported Node (see runtime.mjs), for the npm scripts of the worker,
// the API, the CLI and the benchmarks: `node scripts/run-ts.mjs worker/main.ts [arguments]`.
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ensureRuntime } from './runtime.mjs';

await ensureRuntime({ quiet: true });
const [entry, ...rest] = process.argv.slice(2);
if (!entry) {
  process.stderr.write('usage: node scripts/run-ts.mjs <entry.ts> [arguments]\n');
  process.exit(2);
}
const { register } = await import('tsx/esm/api');
register();
// The entry sees its own path and arguments, as if tsx had started it.
process.argv = [process.argv[0], resolve(entry), ...rest];
await import(pathToFileURL(resolve(entry)).href);
