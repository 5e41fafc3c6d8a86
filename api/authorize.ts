import { may, mayByRole, type Action, type Decision } from '../domain/authorization.ts';
import { DomainError } from '../domain/errors.ts';
import type { Caller } from '../domain/identity.ts';
import type { LifecycleState } from '../domain/lifecycle/state.ts';
import type { GovernanceClient } from '../client/governance-client.ts';

/** Throws the rule set's refusal as a DomainError (the error handler makes it a problem with its code). */
export function enforce(decision: Decision): void {
  if (!decision.allowed) throw new DomainError(decision.code, decision.reason);
}

/**
 * The API's early answer for a command on a system: the token's roles first (no Temporal call at all), then the
 * system's current state (a query, which leaves nothing in history) through the same rules `decide` applies.
 */
export async function authorizeCommand(
  governance: GovernanceClient,
  caller: Caller,
  action: Exclude<Action, 'readSystem' | 'propose'>,
  systemId: string,
): Promise<void> {
  enforce(mayByRole(caller, action));
  enforce(may(caller, action, await governance.getState(systemId)));
}

/** A system's state if the caller may read it; NOT_FOUND (as for a system that does not exist) otherwise. */
export async function readableState(governance: GovernanceClient, caller: Caller, systemId: string): Promise<LifecycleState> {
  const state = await governance.getState(systemId);
  enforce(may(caller, 'readSystem', state));
  return state;
}
