import { proxyLocalActivities } from '@temporalio/workflow';
// Type-only: no activity code enters the workflow bundle.
import type { CommandKeyActivities } from '../activities/command-keys.ts';
import type { CommandTrust, StartClaims } from './command-trust.ts';
import { attempt } from './lifecycle-recorder.ts';

/** The patch after which a lifecycle begins only on the edge's signed start: wire name, frozen. */
export const SIGNED_START_PATCH = 'signed-start';

// Local: the keys are in before the first workflow task ends, so the proposal is still recorded in that task, as it
// was before starts were signed (a query right after the start finds the system).
const { loadCommandKeys } = proxyLocalActivities<CommandKeyActivities>({
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '10 seconds' },
});

/**
 * Loads the edge keys from the worker's configuration and verifies the start with them; a start without a valid
 * proof fails the workflow (UNAUTHENTICATED) before `system.proposed` is sealed, so nothing reaches the topic.
 * Returns the proof, which `system.proposed` carries.
 */
export async function verifiedStart(
  input: StartClaims & { readonly proof?: string },
  trust: CommandTrust,
  startedAt: number,
): Promise<string> {
  trust.load(await loadCommandKeys());
  attempt(() => trust.checkStart(input, input.proof, startedAt));
  return input.proof!;
}
