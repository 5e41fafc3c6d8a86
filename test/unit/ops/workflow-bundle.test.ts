import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { buildWorkflowBundle, checkWorkflowBundle } from '../../../worker/workflow-bundle.ts';

// Inside the repository (ignored by git), so the fixture resolves @temporalio/workflow from the project's modules.
const dir = fileURLToPath(new URL(`../../../.govflow/bundle-test-${process.pid}/`, import.meta.url));
const stateDir = `${dir}state`;
const workflowsPath = `${dir}workflows.ts`;
const helperPath = `${dir}greeting.ts`;
const silent = { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} };

describe('the prebuilt workflow bundle', () => {
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('is used only while every file it was built from is unchanged', async () => {
    await mkdir(dir, { recursive: true });
    await writeFile(helperPath, "export const greeting = (name: string): string => `hello ${name}`;\n");
    await writeFile(workflowsPath, "import { greeting } from './greeting.ts';\nexport async function greet(name: string): Promise<string> {\n  return greeting(name);\n}\n");
    expect(await checkWorkflowBundle(stateDir, workflowsPath)).toMatchObject({ ok: false, reason: expect.stringMatching(/^no prebuilt bundle at /) });

    const { codePath, manifestPath } = await buildWorkflowBundle(stateDir, workflowsPath, silent);
    expect(await readFile(codePath, 'utf8')).toContain('hello ${name}');
    expect(await checkWorkflowBundle(stateDir, workflowsPath)).toEqual({ ok: true, codePath });
    const manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as { files: Record<string, string> };
    const files = Object.keys(manifest.files);
    expect(files.some((f) => f.endsWith('greeting.ts'))).toBe(true);
    expect(files.some((f) => f.includes('node_modules/@temporalio/workflow/'))).toBe(true);

    // A change to a module the workflow imports (not only to the entry point) makes the bundle stale.
    const original = await readFile(helperPath, 'utf8');
    await writeFile(helperPath, original.replace('hello', 'goodbye'));
    expect(await checkWorkflowBundle(stateDir, workflowsPath)).toMatchObject({ ok: false, reason: expect.stringMatching(/^stale: .*greeting\.ts changed since it was built$/) });
    await writeFile(helperPath, original);
    expect(await checkWorkflowBundle(stateDir, workflowsPath)).toEqual({ ok: true, codePath });

    // Another workflows module is not served this bundle, and a damaged bundle is refused.
    const other = `${dir}other.ts`;
    expect((await checkWorkflowBundle(stateDir, other)).ok).toBe(false);
    await writeFile(codePath, `${await readFile(codePath, 'utf8')}\n// edited`);
    expect(await checkWorkflowBundle(stateDir, workflowsPath)).toMatchObject({ ok: false, reason: expect.stringMatching(/workflows\.js does not match its manifest$/) });
  }, 120_000);
});
