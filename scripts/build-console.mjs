// Builds the web console (console/) into the state folder (`.govflow/console/` by default) with esbuild: one
// minified ES module and one stylesheet, named by content hash, and the page that loads them. Rebuilds only when an
// input of the last build changed (esbuild's metafile lists every file it read), so `npm start` and `npm test` cost
// nothing when nothing changed. Run directly: `node scripts/build-console.mjs`.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, isAbsolute, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = fileURLToPath(new URL('..', import.meta.url));
const TEMPLATE = 'console/index.html';

/** The folder the console is built into: `<GOVFLOW_STATE_DIR>/console`, relative to the clone unless absolute. */
export function consoleDir(env = process.env) {
  const state = env.GOVFLOW_STATE_DIR ?? '.govflow';
  return join(isAbsolute(state) ? state : join(root, state), 'console');
}

function digest(files) {
  const h = createHash('sha256');
  for (const f of [...files].sort()) {
    h.update(f);
    h.update(existsSync(join(root, f)) ? readFileSync(join(root, f)) : 'missing');
  }
  return h.digest('hex');
}

/** Builds the console when missing or stale; returns what was built (or found) and the shipped JavaScript's sizes. */
export async function ensureConsole({ env = process.env, log = () => {} } = {}) {
  const out = consoleDir(env);
  const stampFile = join(out, 'build.json');
  if (existsSync(stampFile) && existsSync(join(out, 'index.html'))) {
    const stamp = JSON.parse(readFileSync(stampFile, 'utf8'));
    if (digest(stamp.inputs) === stamp.digest) return { ...stamp, built: false, dir: out };
  }
  const { build } = await import('esbuild');
  const assets = join(out, 'assets');
  rmSync(assets, { recursive: true, force: true });
  mkdirSync(assets, { recursive: true });
  const result = await build({
    absWorkingDir: root,
    entryPoints: ['console/src/main.tsx', 'console/styles.css'],
    bundle: true,
    minify: true,
    format: 'esm',
    target: 'es2022',
    jsx: 'automatic',
    jsxImportSource: 'preact',
    outdir: assets,
    entryNames: '[name]-[hash]',
    metafile: true,
    legalComments: 'none',
    logLevel: 'error',
  });
  const outputs = Object.keys(result.metafile.outputs).map((p) => basename(p));
  const js = outputs.find((f) => f.endsWith('.js'));
  const css = outputs.find((f) => f.endsWith('.css'));
  const code = readFileSync(join(assets, js));
  const html = readFileSync(join(root, TEMPLATE), 'utf8')
    .replace('%SCRIPT%', `/console/assets/${js}`)
    .replace('%STYLE%', `/console/assets/${css}`);
  writeFileSync(join(out, 'index.html'), html);
  const inputs = [...Object.keys(result.metafile.inputs), TEMPLATE, 'scripts/build-console.mjs'];
  const stamp = { digest: digest(inputs), inputs, js, css, jsBytes: code.length, jsGzipBytes: gzipSync(code).length };
  writeFileSync(stampFile, JSON.stringify(stamp, null, 2));
  log(`console built into ${out}: ${js} ${(stamp.jsBytes / 1024).toFixed(1)} KiB, ${(stamp.jsGzipBytes / 1024).toFixed(1)} KiB gzipped`);
  return { ...stamp, built: true, dir: out };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await ensureConsole({ log: (m) => process.stdout.write(`[govflow] ${m}\n`) });
}
