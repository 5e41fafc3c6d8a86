import type { Client } from '@temporalio/client';
import type { LifecycleState } from '../domain/lifecycle/state.ts';
import type { GovernanceClient } from './governance-client.ts';
import type { FleetSource } from './policy-impact.ts';

/** Task queue names are configuration (no quotes), so they are safe in the visibility query; checked anyway. */
const QUEUE = /^[A-Za-z0-9._:-]{1,200}$/;

/** The ids of the running lifecycles this engine's workers serve (its task queue), from the visibility store. */
export async function liveSystemIds(client: Client, taskQueue: string): Promise<string[]> {
  if (!QUEUE.test(taskQueue)) throw new Error(`not a task queue name: ${taskQueue}`);
  const query = `WorkflowType = 'aiSystemLifecycle' AND ExecutionStatus = 'Running' AND TaskQueue = '${taskQueue}'`;
  const ids: string[] = [];
  for await (const w of client.workflow.list({ query })) ids.push(w.workflowId.replace(/^ai-system:/, ''));
  return ids;
}

/** The fleet as the workflows hold it: each running lifecycle's state, by query (which records nothing). */
export function workflowFleet(client: Client, taskQueue: string, governance: GovernanceClient): FleetSource {
  return {
    name: 'workflows',
    async liveStates(): Promise<LifecycleState[]> {
      const ids = await liveSystemIds(client, taskQueue);
      const states: LifecycleState[] = [];
      // A few at a time: each query wakes a workflow on a worker.
      for (let i = 0; i < ids.length; i += 8) states.push(...(await Promise.all(ids.slice(i, i + 8).map((id) => governance.getState(id)))));
      return states;
    },
  };
}
