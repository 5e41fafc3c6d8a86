#!/usr/bin/env node
// Runs the TypeScript CLI through tsx: the project has no build step. On a Node older than the supported lines it
// re-runs itself on the set-up's cached Node (see scripts/runtime.mjs), or on GOVFLOW_NODE when that is set.
import { ensureRuntime } from '../scripts/runtime.mjs';

await ensureRuntime({ quiet: true });
const { register } = await import('tsx/esm/api');
register();
await import('../cli/main.ts');
