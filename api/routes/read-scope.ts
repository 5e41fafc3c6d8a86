import type { GovernanceClient } from '../../client/governance-client.ts';
import { may } from '../../domain/authorization.ts';
import type { Caller } from '../../domain/identity.ts';
import type { LifecycleState } from '../../domain/lifecycle/state.ts';

const QUERY_TIMEOUT_MS = 5000;

/** The state, or undefined when the query fails or a workflow without a live worker does not answer in time. */
export async function stateOrNothing(governance: GovernanceClient, id: string): Promise<LifecycleState | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), QUERY_TIMEOUT_MS);
  });
  try {
    return await Promise.race([governance.getState(id).catch(() => undefined), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The listed systems the caller may read, judged on each one's state by the same rule as GET /v1/systems/{id}.
 * The search attributes do not say who sits on a committee, so each system's state is asked (a query, no history);
 * a system whose state cannot be read in time is left out rather than shown unchecked.
 */
export async function readableStates<T extends { systemId: string }>(governance: GovernanceClient, caller: Caller, items: readonly T[]): Promise<T[]> {
  const states = await Promise.all(items.map((i) => stateOrNothing(governance, i.systemId)));
  return items.filter((_, n) => {
    const s = states[n];
    return s !== undefined && may(caller, 'readSystem', s).allowed;
  });
}
