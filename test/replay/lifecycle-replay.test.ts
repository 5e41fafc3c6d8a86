import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { defaultPayloadConverter } from '@temporalio/common';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils.js';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import { WORKFLOW_INTERCEPTOR_MODULES } from '../../worker/workflow-bundle.ts';
import { workflowIdOf } from '../../workflows/messages.ts';

const dir = fileURLToPath(new URL('./histories/', import.meta.url));
const workflowsPath = fileURLToPath(new URL('../../workflows/index.ts', import.meta.url));

// Each test file runs in its own process (pool: forks), so this runtime is ours alone: warnings only.
Runtime.install({ logger: new DefaultLogger('WARN') });

/** The workflow id of a recorded lifecycle: the one of the system its start input proposes. */
function recordedWorkflowId(history: ReturnType<typeof historyFromJSON>): string | undefined {
  const payload = history.events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads?.[0];
  const input = payload ? (defaultPayloadConverter.fromPayload(payload) as { proposal?: { systemId?: unknown } }) : undefined;
  const systemId = input?.proposal?.systemId;
  return typeof systemId === 'string' ? workflowIdOf(systemId) : undefined;
}

async function replayAll(files: string[], options: Omit<Parameters<typeof Worker.runReplayHistories>[0], 'workflowsPath'>): Promise<string[]> {
  // Each history replays under the workflow id its run had (the lifecycle checks that its start is its own system's).
  const fileOf = new Map<string, string>();
  const histories = async function* () {
    for (const f of files) {
      const history = historyFromJSON(JSON.parse(await readFile(`${dir}${f}`, 'utf8')));
      const workflowId = recordedWorkflowId(history) ?? f;
      fileOf.set(workflowId, f);
      yield { workflowId, history };
    }
  };
  const failures: string[] = [];
  for await (const r of Worker.runReplayHistories({ workflowsPath, ...options }, histories())) {
    if (r.error) failures.push(`${fileOf.get(r.workflowId) ?? r.workflowId}: ${r.error.message}`);
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
