import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { basename, isAbsolute, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleWorkflowCode, type Logger } from '@temporalio/worker';

/**
 * A prebuilt workflow bundle and its manifest: which files went into it and what they held. A worker runs a bundle
 * only while every one of those files still hashes the same, so a stale bundle never runs.
 */
const root = fileURLToPath(new URL('..', import.meta.url));
const sdkVersion = (createRequire(import.meta.url)('@temporalio/worker/package.json') as { version: string }).version;
// Bumped when the manifest's shape or the bundle options below change.
const FORMAT = 2;

/** Workflow interceptor modules every bundle carries: the trace context of each command, for its events. */
export const WORKFLOW_INTERCEPTOR_MODULES = [fileURLToPath(new URL('../workflows/trace-context.ts', import.meta.url))];

interface Manifest {
  format: number;
  sdkVersion: string;
  workflowsPath: string;
  codeSha256: string;
  /** Every file webpack read, relative to the repository, with its SHA-256. */
  files: Record<string, string>;
}

/** Where a bundle is: `.js` for the code, `.json` for its manifest. */
export interface BundleLocation {
  readonly codePath: string;
  readonly manifestPath: string;
}

const sha256 = (data: string | Buffer): string => createHash('sha256').update(data).digest('hex');
const fromRoot = (path: string): string => relative(root, path);

/** The bundle files for one workflows module, in `<stateDir>/workflow-bundles/`. */
export function bundleLocation(stateDir: string, workflowsPath: string): BundleLocation {
  const dir = resolve(root, stateDir, 'workflow-bundles');
  const name = fromRoot(workflowsPath).replace(/\.[cm]?[jt]s$/, '').replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-+/, '');
  return { codePath: `${dir}/${name}.js`, manifestPath: `${dir}/${name}.json` };
}

/** Bundles `workflowsPath` and writes the code and its manifest (code first, each renamed into place). */
export async function buildWorkflowBundle(stateDir: string, workflowsPath: string, logger?: Logger): Promise<BundleLocation> {
  const read = new Set<string>();
  const { code } = await bundleWorkflowCode({
    workflowsPath,
    workflowInterceptorModules: WORKFLOW_INTERCEPTOR_MODULES,
    ...(logger ? { logger } : {}),
    webpackConfigHook: (config) => ({
      ...config,
      plugins: [
        ...(config.plugins ?? []),
        {
          apply: (compiler) =>
            compiler.hooks.afterCompile.tap('govflow-bundle-manifest', (compilation) => {
              for (const file of compilation.fileDependencies) read.add(file);
            }),
        },
      ],
    }),
  });
  // The bundler's generated entry lives in memory only; what it exports comes from files on disk, hashed here.
  const files: Record<string, string> = {};
  for (const file of [...read].filter((f) => isAbsolute(f) && existsSync(f) && statSync(f).isFile()).sort()) {
    files[fromRoot(file)] = sha256(readFileSync(file));
  }
  const manifest: Manifest = { format: FORMAT, sdkVersion, workflowsPath: fromRoot(workflowsPath), codeSha256: sha256(code), files };
  const location = bundleLocation(stateDir, workflowsPath);
  await mkdir(resolve(location.codePath, '..'), { recursive: true });
  await writeAtomically(location.codePath, code);
  await writeAtomically(location.manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
  return location;
}

async function writeAtomically(path: string, data: string): Promise<void> {
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, data);
  await rename(temporary, path);
}

/** A bundle that may run, or why not. */
export type BundleCheck = { ok: true; codePath: string } | { ok: false; reason: string };

/** Checks the prebuilt bundle of `workflowsPath` against the files it was built from, as they are now. */
export async function checkWorkflowBundle(stateDir: string, workflowsPath: string): Promise<BundleCheck> {
  const { codePath, manifestPath } = bundleLocation(stateDir, workflowsPath);
  if (!existsSync(manifestPath) || !existsSync(codePath))
    return { ok: false, reason: `no prebuilt bundle at ${fromRoot(codePath)}` };
  let manifest: Manifest;
  try {
    manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as Manifest;
  } catch (err) {
    return { ok: false, reason: `unreadable manifest ${basename(manifestPath)}: ${(err as Error).message}` };
  }
  if (manifest.format !== FORMAT || manifest.sdkVersion !== sdkVersion)
    return { ok: false, reason: `built by another bundler (SDK ${manifest.sdkVersion}, format ${manifest.format})` };
  if (manifest.workflowsPath !== fromRoot(workflowsPath))
    return { ok: false, reason: `built for ${manifest.workflowsPath}` };
  if (sha256(await readFile(codePath)) !== manifest.codeSha256)
    return { ok: false, reason: `${basename(codePath)} does not match its manifest` };
  const changed = Object.entries(manifest.files).filter(([file, hash]) => {
    const path = resolve(root, file);
    return !existsSync(path) || sha256(readFileSync(path)) !== hash;
  });
  if (changed.length > 0) {
    const names = changed.slice(0, 3).map(([file]) => file).join(', ');
    return { ok: false, reason: `stale: ${names}${changed.length > 3 ? ` and ${changed.length - 3} more` : ''} changed since it was built` };
  }
  return { ok: true, codePath };
}

/** The current bundle of `workflowsPath`: the prebuilt one when it matches the sources, else a fresh build. */
export async function ensureWorkflowBundle(
  stateDir: string,
  workflowsPath: string,
  logger?: Logger,
): Promise<{ codePath: string; built: boolean }> {
  const check = await checkWorkflowBundle(stateDir, workflowsPath);
  if (check.ok) return { codePath: check.codePath, built: false };
  return { codePath: (await buildWorkflowBundle(stateDir, workflowsPath, logger)).codePath, built: true };
}
