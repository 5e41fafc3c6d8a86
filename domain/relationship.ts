import type { LifecycleState } from './lifecycle/state.ts';

/** How an actor stands to a system: what the proposal and the committee say, never what a token claims. */
export interface Relationship {
  readonly proposer: boolean;
  readonly owner: boolean;
  /** Sits on the system's committee (any committee role, advisers included). */
  readonly committee: boolean;
  /** Votes on the system's committee (member or chair). */
  readonly voter: boolean;
  readonly chair: boolean;
}

/** The actor's relationship to the system, from its proposal and its (last or open) committee. */
export function relationshipOf(sub: string, s: LifecycleState): Relationship {
  const p = s.proposal;
  const seat = (s.review?.members ?? s.committee).find((m) => m.id === sub);
  const roles: readonly string[] = seat?.roles ?? [];
  return {
    proposer: p?.proposer === sub,
    owner: p?.owner === sub,
    committee: seat !== undefined,
    voter: roles.includes('member') || roles.includes('chair'),
    chair: roles.includes('chair'),
  };
}
