import { fileURLToPath } from 'node:url';
import { bundleWorkflowCode } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';

describe('the envelope and chain in the Temporal workflow sandbox', () => {
  it('bundle into workflow code without Node built-ins (canonicalize and @noble/hashes included)', async () => {
    const workflowsPath = fileURLToPath(new URL('./fixtures/seal-workflow.ts', import.meta.url));
    const { code } = await bundleWorkflowCode({
      workflowsPath,
      logger: { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} },
    });
    expect(code).toContain('sealTwo');
    expect(code).toContain('Lone surrogate is not allowed'); // canonicalize is in the bundle
    expect(code).not.toMatch(/require\(["'](node:)?crypto["']\)/);
  }, 60_000);
});
