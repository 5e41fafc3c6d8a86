// Finds the system Chromium the console's browser tests and the report's PDF use, installing Debian's `chromium`
// package where apt is available and we are root. Never downloads a browser build of its own. Node built-ins only.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

function log(message) {
  process.stdout.write(`[govflow] ${message}\n`);
}

/** The Chromium executable: GOVFLOW_CHROMIUM if set, else the first system one found; null when there is none. */
export function findChromium(env = process.env) {
  if (env.GOVFLOW_CHROMIUM) return existsSync(env.GOVFLOW_CHROMIUM) ? env.GOVFLOW_CHROMIUM : null;
  return CANDIDATES.find((path) => existsSync(path)) ?? null;
}

function aptInstall() {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const hasApt = spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0;
  if (!isRoot || !hasApt) return false;
  log('installing Chromium and CJK fonts from Debian packages (apt-get install chromium fonts-noto-cjk)');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const install = () =>
    spawnSync('apt-get', ['install', '-y', '--no-install-recommends', 'chromium', 'fonts-noto-cjk'], {
      stdio: 'inherit',
      env,
    }).status === 0;
  if (install()) return true;
  // A fresh machine may not have package lists yet.
  spawnSync('apt-get', ['update'], { stdio: 'inherit', env });
  return install();
}

/**
 * Makes sure a Chromium is there and exports its path as GOVFLOW_CHROMIUM for the processes started after this.
 * Exits with what to do when there is none and it cannot be installed here.
 */
export function ensureChromium(env = process.env) {
  let path = findChromium(env);
  if (!path && aptInstall()) path = findChromium(env);
  if (!path) {
    process.stderr.write(
      '[govflow] error: no Chromium found for the browser tests and the PDF report. Install Debian\'s `chromium` ' +
        'package (as root: apt-get install chromium fonts-noto-cjk) or set GOVFLOW_CHROMIUM to a Chromium executable.\n',
    );
    process.exit(1);
  }
  env.GOVFLOW_CHROMIUM = path;
  return path;
}
