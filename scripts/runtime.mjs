// Which Node.js runs govflow. Node built-ins only: it runs before `npm ci`, on whatever Node started the script.
// A supported running Node is used as is; an older one is replaced by a pinned release fetched from the npm registry
// (the `node-<platform>-<arch>` packages carry the official binary and headers) and cached with the stack's artifacts.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, realpathSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';

/** The pinned releases: the suite and `npm start` run on `suite`; `npm test` adds a smoke run on `smoke`. */
export const NODE_RELEASES = { suite: '24.22.3', smoke: '22.23.5' };
/** The oldest supported Node (package.json `engines`): vitest 5 needs 22.12 on the 22 line. */
export const MIN_NODE = '22.12.0';

export const cacheDir =
  process.env.GOVFLOW_CACHE_DIR ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'govflow');

const say = (message) => process.stderr.write(`[govflow] ${message}\n`);

function fail(message) {
  say(`error: ${message}`);
  process.exit(1);
}

/** True when version `a` (e.g. 'v22.12.0' or '22.12.0') is at least `b`. */
export function atLeast(a, b) {
  const [x, y] = [a, b].map((v) => v.replace(/^v/, '').split('.').map(Number));
  for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return x[i] > y[i];
  return true;
}

/** The Node binary of a pinned release in the cache, fetched with `npm install` on first use. */
export function cachedNode(version) {
  const pkg = `node-${process.platform}-${process.arch}`;
  const dir = join(cacheDir, `node-v${version}`);
  const home = join(dir, 'node_modules', pkg);
  const bin = join(home, 'bin', 'node');
  if (existsSync(join(dir, '.complete'))) return { bin, home };
  say(`fetching Node ${version} (npm package ${pkg}) into ${dir} (first run only)`);
  // Into a private folder first, so a concurrent or interrupted fetch never leaves a half-written runtime behind.
  const tmp = `${dir}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  const args = [
    'install',
    '--prefix',
    tmp,
    '--no-save',
    '--no-package-lock',
    '--ignore-scripts',
    '--no-audit',
    '--no-fund',
  ];
  const npm = spawnSync('npm', [...args, '--loglevel=error', `${pkg}@${version}`], { stdio: 'inherit' });
  const tmpBin = join(tmp, 'node_modules', pkg, 'bin', 'node');
  const got = existsSync(tmpBin) ? spawnSync(tmpBin, ['--version'], { encoding: 'utf8' }).stdout.trim() : '';
  if (npm.status !== 0 || got !== `v${version}`) {
    rmSync(tmp, { recursive: true, force: true });
    fail(
      `could not fetch Node ${version} as npm package ${pkg}@${version} (see above); set GOVFLOW_NODE to a Node ${MIN_NODE}+ binary instead`,
    );
  }
  writeFileSync(join(tmp, '.complete'), `${version}\n`);
  if (existsSync(join(dir, '.complete'))) rmSync(tmp, { recursive: true, force: true });
  else {
    rmSync(dir, { recursive: true, force: true });
    renameSync(tmp, dir);
  }
  return { bin, home };
}

/** The environment a child needs to run on `bin`: its folder first on PATH, its headers for native builds. */
export function runtimeEnv(bin, home, env = process.env) {
  const next = { ...env, PATH: `${dirname(bin)}${delimiter}${env.PATH ?? ''}` };
  if (home && existsSync(join(home, 'include', 'node'))) next.npm_config_nodedir = home;
  return next;
}

const same = (a, b) => existsSync(a) && existsSync(b) && realpathSync(a) === realpathSync(b);

/** The runtime to use and why: GOVFLOW_NODE, else the running Node if supported, else the pinned cached release. */
function choose() {
  const explicit = process.env.GOVFLOW_NODE;
  if (explicit) {
    if (!existsSync(explicit)) fail(`GOVFLOW_NODE names ${explicit}, which does not exist`);
    return { bin: explicit, home: dirname(dirname(realpathSync(explicit))), why: 'chosen with GOVFLOW_NODE' };
  }
  if (atLeast(process.version, MIN_NODE)) {
    const why = `the Node on PATH is supported (${MIN_NODE} or later)`;
    return { bin: process.execPath, home: dirname(dirname(realpathSync(process.execPath))), why };
  }
  const why = `the Node on PATH is ${process.version}, older than ${MIN_NODE}: the pinned ${NODE_RELEASES.suite} from ${cacheDir}`;
  return { ...cachedNode(NODE_RELEASES.suite), why };
}

/**
 * Makes sure this script runs on a supported Node (see choose()). When that is not the running Node, re-runs the
 * same script on it, with its folder first on PATH so npm, npx and every child run on it too, and exits with its
 * code. Prints one line saying which Node runs and why; `quiet` (the CLI) prints it only when the runtime switched.
 */
export async function ensureRuntime({ quiet = false } = {}) {
  const note = process.env.GOVFLOW_NODE_NOTE;
  delete process.env.GOVFLOW_NODE_NOTE;
  const target = choose();
  if (same(target.bin, process.execPath)) {
    if (!atLeast(process.version, MIN_NODE))
      fail(`${process.execPath} is Node ${process.version}; govflow needs ${MIN_NODE} or later`);
    // Native modules that compile from source find this Node's own headers instead of downloading them.
    const headers = existsSync(join(target.home, 'include', 'node'));
    if (headers && !process.env.npm_config_nodedir) process.env.npm_config_nodedir = target.home;
    const line = `[govflow] Node ${process.version} (ABI ${process.versions.modules}) runs this: ${note ?? target.why}\n`;
    if (note || !quiet) (quiet ? process.stderr : process.stdout).write(line);
    return;
  }
  const env = { ...runtimeEnv(target.bin, target.home), GOVFLOW_NODE_NOTE: target.why };
  const child = spawn(target.bin, [...process.execArgv, ...process.argv.slice(1)], { stdio: 'inherit', env });
  // The terminal's Ctrl-C reaches the child directly; a signal sent to this process alone is passed on.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
  child.on('error', (err) => fail(`could not start ${target.bin}: ${err.message}`));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
  await new Promise(() => {});
}
