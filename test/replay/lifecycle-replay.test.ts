import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils.js';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import { WORKFLOW_INTERCEPTOR_MODULES } from '../../worker/workflow-bundle.ts';

const dir = fileURLToPath(new URL('./histories/', import.meta.url));
const workflowsPath = fileURLToPath(new URL('../../workflows/index.ts', import.meta.url));

// Each test file runs in its own process (pool: forks), so this runtime is ours alone: warnings only.
Runtime.install({ logger: new DefaultLogger('WARN') });

async function replayAll(files: string[], options: Omit<Parameters<typeof Worker.runReplayHistories>[0], 'workflowsPath'>): Promise<string[]> {
  const histories = async function* () {
    for (const f of files) yield { workflowId: f, history: historyFromJSON(JSON.parse(await readFile(`${dir}${f}`, 'utf8'))) };
  };
  const failures: string[] = [];
  for await (const r of Worker.runReplayHistories({ workflowsPath, ...options }, histories())) {
    if (r.error) failures.push(`${r.workflowId}: ${r.error.message}`);
  }
  return failures;
}

describe('recorded lifecycle histories', () => {
  it('all replay against the current workflow code, with the interceptors every bundle carries, without nondeterminism', async () => {
    const files = (await readdir(dir)).filter((f) => f.startsWith('lifecycle-') && f.endsWith('.json')).sort();
    expect(files.length).toBeGreaterThan(0);
    const failures = await replayAll(files, { replayName: 'lifecycle', interceptors: { workflowModules: WORKFLOW_INTERCEPTOR_MODULES } });
    expect(failures).toEqual([]);
  });
});
