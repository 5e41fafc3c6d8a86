import { patched, proxyLocalActivities, workflowInfo } from '@temporalio/workflow';
// Type-only: no activity code enters the workflow bundle.
import type { CommandKeyActivities } from '../activities/command-keys.ts';
import { DomainError, ErrorCode } from '../domain/errors.ts';
import type { CommandTrust, StartClaims } from './command-trust.ts';
import { attempt } from './lifecycle-recorder.ts';
import { workflowIdOf } from './messages.ts';

/** The patch after which a lifecycle begins only on the edge's signed start: wire name, frozen. */
export const SIGNED_START_PATCH = 'signed-start';

/**
 * The patch after which a signed start is honoured only by the workflow of the system it names: wire name, frozen.
 * Before it, a genuine start copied into a workflow of another id ran a second lifecycle of the same system, whose
 * engine-signed events forked that system's chain (and took the same edge's commands, replayed from the first).
 */
export const START_BOUND_TO_WORKFLOW_PATCH = 'signed-start-bound-to-workflow-id';

// Local: the keys are in before the first workflow task ends, so the proposal is still recorded in that task, as it
// was before starts were signed (a query right after the start finds the system).
const { loadCommandKeys } = proxyLocalActivities<CommandKeyActivities>({
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '10 seconds' },
});

/** Refuses a start that runs in a workflow other than the one of the system it proposes. Pure. */
export function checkStartWorkflowId(workflowId: string, systemId: unknown): void {
  const expected = typeof systemId === 'string' ? workflowIdOf(systemId) : undefined;
  if (workflowId !== expected)
    throw new DomainError(
      ErrorCode.unauthenticated,
      `start refused: the workflow ${workflowId} is not the lifecycle of system ${String(systemId)} (${String(expected)})`,
      [{ path: 'proposal.systemId', message: `does not match the workflow id ${workflowId}` }],
    );
}

/**
 * Loads the edge keys from the worker's configuration and verifies the start with them; a start without a valid
 * proof, or run under another workflow id than its system's, fails the workflow (UNAUTHENTICATED) before
 * `system.proposed` is sealed, so nothing reaches the topic. Returns the proof, which `system.proposed` carries.
 */
export async function verifiedStart(
  input: StartClaims & { readonly proof?: string },
  trust: CommandTrust,
  startedAt: number,
): Promise<string> {
  trust.load(await loadCommandKeys());
  attempt(() => trust.checkStart(input, input.proof, startedAt));
  if (patched(START_BOUND_TO_WORKFLOW_PATCH))
    attempt(() => checkStartWorkflowId(workflowInfo().workflowId, (input.proposal as { systemId?: unknown } | null)?.systemId));
  return input.proof!;
}
