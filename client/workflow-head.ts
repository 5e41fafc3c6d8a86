import type { Client } from '@temporalio/client';
import { WorkflowNotFoundError } from '@temporalio/client';
import { isTerminal } from '../domain/lifecycle/state.ts';
import type { ChainProblem } from '../events/chain.ts';
import { getStateQuery, workflowIdOf } from '../workflows/messages.ts';

/** The workflow's own account of a system's record: how it ended (if it did) and its last sequence and hash. */
export interface WorkflowHead {
  readonly status: string;
  readonly sequence: number;
  readonly lastHash: string | null;
  /** True when the lifecycle reached a stage that ends it (retired, rejected) and so published a closing event. */
  readonly closed: boolean;
}

/** Reads a system's head from Temporal (describe + the getState query); undefined when no workflow exists. */
export async function readWorkflowHead(client: Client, systemId: string): Promise<WorkflowHead | undefined> {
  const handle = client.workflow.getHandle(workflowIdOf(systemId));
  try {
    const description = await handle.describe();
    const state = await handle.query(getStateQuery);
    return {
      status: description.status.name,
      sequence: state.sequence,
      lastHash: state.lastHash,
      closed: isTerminal(state),
    };
  } catch (e) {
    if (e instanceof WorkflowNotFoundError || (e as { code?: unknown }).code === 5) return undefined;
    throw e;
  }
}

const ENDED_ABNORMALLY = new Set(['TERMINATED', 'TIMED_OUT', 'FAILED', 'CANCELLED', 'CANCELED']);

/** What the workflow's head says about the record beyond the chain itself: no workflow, or an end without closing event. */
export function headProblems(systemId: string, head: WorkflowHead | undefined, eventsFound: number): ChainProblem[] {
  if (!head)
    return eventsFound > 0
      ? [{ systemId, sequence: 1, kind: 'no_workflow', detail: 'events on the topic, but no workflow has this system' }]
      : [];
  if (ENDED_ABNORMALLY.has(head.status) && !head.closed)
    return [
      {
        systemId,
        sequence: head.sequence + 1,
        kind: 'ended_unclosed',
        detail: `the workflow ended ${head.status.toLowerCase()} without a closing event (last sequence ${head.sequence})`,
      },
    ];
  return [];
}
