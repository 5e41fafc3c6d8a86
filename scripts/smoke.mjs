// The smoke run of `npm test` on the other supported Node line: the unit tests plus one lifecycle on the real servers.
// It runs in a copy of the clone under the state folder with its own node_modules, so each line's native modules
// match its ABI and the main install stays intact; that install is kept between runs and redone only when the lock
// file or the ABI changes. Node built-ins only.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { NODE_RELEASES, cachedNode, runtimeEnv } from './runtime.mjs';
import { ensureDependencies, log, root, run } from './setup.mjs';

const stateDir = process.env.GOVFLOW_STATE_DIR ?? join(root, '.govflow');
const kept = new Set(['node_modules', '.govflow', '.git']);
/** What the smoke run covers: every unit test, and one lifecycle (with a worker restart) on the real servers. */
export const smokeFilters = ['test/unit/', 'test/integration/lifecycle-restart.test.ts'];

/** GOVFLOW_SMOKE_NODE if set, else the pinned release of the line the suite did not run on. */
function smokeRuntime() {
  const explicit = process.env.GOVFLOW_SMOKE_NODE;
  if (explicit) return { bin: explicit, home: dirname(dirname(explicit)) };
  const onSmokeLine = process.version.split('.')[0] === `v${NODE_RELEASES.smoke.split('.')[0]}`;
  return cachedNode(onSmokeLine ? NODE_RELEASES.suite : NODE_RELEASES.smoke);
}

/** Mirrors the clone into `dir` (timestamps kept, so an unchanged lock file does not look new), except its installs. */
function mirror(dir) {
  mkdirSync(dir, { recursive: true });
  const entries = readdirSync(root).filter((name) => !kept.has(name));
  for (const name of readdirSync(dir))
    if (!kept.has(name) && !entries.includes(name)) rmSync(join(dir, name), { recursive: true });
  for (const name of entries) {
    rmSync(join(dir, name), { recursive: true, force: true });
    cpSync(join(root, name), join(dir, name), { recursive: true, preserveTimestamps: true });
  }
}

/** Runs the smoke suite; resolves with vitest's exit code, its JSON results in `resultFile`, and the Node it ran on. */
export async function smokeRun(resultFile) {
  const { bin, home } = smokeRuntime();
  if (!existsSync(bin)) return { code: 1, node: `missing ${bin}` };
  const [version, abi] = spawnSync(bin, ['-p', 'process.version + " " + process.versions.modules'], {
    encoding: 'utf8',
  })
    .stdout.trim()
    .split(' ');
  const dir = join(stateDir, `smoke-node${version.split('.')[0].slice(1)}`);
  mirror(dir);
  const env = { ...runtimeEnv(bin, home), GOVFLOW_EXPECT_NODE: version };
  await ensureDependencies({ dir, env, abi });
  log(`smoke run on Node ${version} (ABI ${abi}): ${smokeFilters.join(' and ')}, from ${dir}`);
  const vitest = join(dir, 'node_modules', 'vitest', 'vitest.mjs');
  const args = ['run', '--project', 'unit', '--project', 'integration', ...smokeFilters];
  const reporters = ['--reporter=default', '--reporter=json', `--outputFile.json=${resultFile}`];
  const code = await run(bin, [vitest, ...args, ...reporters], { cwd: dir, env });
  return { code, node: version };
}
