// The real SMTP server the notification tests send to: Python's aiosmtpd from PyPI, installed once into a virtual
// environment in the cache folder (outside the clone). Node built-ins only, like the rest of the set-up.
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cacheDir } from './runtime.mjs';

/** The aiosmtpd release the tests run; a new pin is a new folder, so an old one is never half-upgraded. */
export const AIOSMTPD_VERSION = '1.4.6';

const venvDir = (cache = cacheDir) => join(cache, `aiosmtpd-${AIOSMTPD_VERSION}`);
const pythonIn = (dir) => join(dir, 'bin', 'python');

function log(message) {
  process.stdout.write(`[govflow] ${message}\n`);
}

/** The venv's Python when aiosmtpd is installed there, else null. */
export function findSmtpServer(cache = cacheDir) {
  const dir = venvDir(cache);
  return existsSync(join(dir, '.complete')) ? pythonIn(dir) : null;
}

/**
 * Makes sure aiosmtpd is installed (python3 -m venv, then pip install aiosmtpd==<pin>) and exports the venv's
 * Python as GOVFLOW_AIOSMTPD_PYTHON for the tests. Exits with what to do when python3 or its venv module is missing.
 */
export function ensureSmtpServer(env = process.env) {
  let python = findSmtpServer();
  if (!python) {
    const dir = venvDir();
    log(`installing aiosmtpd ${AIOSMTPD_VERSION} from PyPI into ${dir} (the notification tests' SMTP server)`);
    const ok = (cmd, args) => spawnSync(cmd, args, { stdio: 'inherit' }).status === 0;
    if (!ok('python3', ['-m', 'venv', '--clear', dir]) ||
      !ok(pythonIn(dir), ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', `aiosmtpd==${AIOSMTPD_VERSION}`])) {
      process.stderr.write(
        '[govflow] error: could not install aiosmtpd for the notification tests. They need python3 with its venv ' +
          'module (Debian: apt-get install python3 python3-venv) and PyPI.\n',
      );
      process.exit(1);
    }
    writeFileSync(join(dir, '.complete'), `aiosmtpd ${AIOSMTPD_VERSION}\n`);
    python = pythonIn(dir);
  }
  env.GOVFLOW_AIOSMTPD_PYTHON = python;
  return python;
}
