import { emptyFacts, type SystemFacts } from '../domain/indicators/facts.ts';
import { foldFacts } from '../domain/indicators/fold-facts.ts';
import type { DomainEvent } from '../domain/lifecycle/events.ts';
import { evolve } from '../domain/lifecycle/evolve.ts';
import { initialState } from '../domain/lifecycle/state.ts';
import { catalogueEntry } from '../events/catalogue.ts';
import { shortEventType, type GovernanceEvent } from '../events/envelope.ts';

/**
 * Folds one system's sealed events, in sequence order, into its facts: what the projection does one event at a time,
 * done in one pass for code that holds the raw events (the in-memory API, the benchmark's baseline).
 */
export function factsFromEvents(systemId: string, events: readonly GovernanceEvent[]): SystemFacts {
  let state = initialState(systemId);
  let facts = emptyFacts(systemId);
  for (const e of [...events].sort((a, b) => a.sequence - b.sequence)) {
    const short = shortEventType(e.type);
    if (!short || !catalogueEntry(e.type) || e.sequence <= state.sequence) continue;
    const event = { type: short, data: e.data } as DomainEvent;
    state = { ...evolve(state, event, e.hash), sequence: e.sequence };
    facts = foldFacts(facts, { event, time: e.time, sequence: e.sequence, hash: e.hash, sig: e.sig, sigkid: e.sigkid }, state);
  }
  return facts;
}
