import type { DomainEvent } from '../domain/lifecycle/events.ts';
import type { LifecycleState } from '../domain/lifecycle/state.ts';
import { sealEvent } from './envelope.ts';
import type { GovernanceEvent } from './envelope.ts';
import type { TraceContext } from './trace-context.ts';

/** Where the events go: the chain they extend (the state before them) and the envelope's fixed parts. */
export interface ChainPosition {
  readonly state: Pick<LifecycleState, 'systemId' | 'sequence' | 'lastHash' | 'policyVersion'>;
  readonly namespace: string;
  /** The policy version recorded before any assessment. */
  readonly unassessedPolicyVersion: string;
  /** ISO 8601 instant from the caller's clock (the workflow's, inside a workflow). */
  readonly time: string;
  readonly actor?: string;
  /** The signed command (compact JWS) the events answer, when the edge signed it. */
  readonly commandJws?: string;
  /** The trace context of the request behind the events (outside their hashes). */
  readonly trace?: TraceContext;
}

/** Seals events one after another into the chain: pure, so a workflow gets the same hashes on every replay. */
export function sealChain(events: readonly DomainEvent[], at: ChainPosition): GovernanceEvent[] {
  const sealed: GovernanceEvent[] = [];
  let { sequence, lastHash, policyVersion } = at.state;
  for (const event of events) {
    if (event.type === 'risk.assessed') policyVersion = event.data.assessment.policyVersion;
    const e = sealEvent({
      event, systemId: at.state.systemId, sequence: sequence + 1, prevHash: lastHash, namespace: at.namespace,
      policyVersion: policyVersion ?? at.unassessedPolicyVersion, time: at.time,
      ...(at.actor === undefined ? {} : { actor: at.actor }),
      ...(at.commandJws === undefined ? {} : { commandJws: at.commandJws }),
      ...(at.trace === undefined ? {} : { trace: at.trace }),
    });
    sealed.push(e);
    sequence = e.sequence;
    lastHash = e.hash;
  }
  return sealed;
}
