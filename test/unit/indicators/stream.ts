import type { DomainEvent } from '../../../domain/lifecycle/events.ts';
import { evolve } from '../../../domain/lifecycle/evolve.ts';
import { initialState, type LifecycleState } from '../../../domain/lifecycle/state.ts';
import { emptyFacts, type SystemFacts } from '../../../domain/indicators/facts.ts';
import { foldFacts } from '../../../domain/indicators/fold-facts.ts';

/** The instant of a test date: `2026-07-01` or `2026-07-01T12:00`, UTC. */
export const t = (s: string): string => new Date(s.length === 10 ? `${s}T00:00:00Z` : `${s}:00Z`).toISOString();

/**
 * Builds one system's event stream by hand and folds it as the projection does (evolve, then foldFacts). Events
 * carry only the fields the folds read, cast to the catalogue's type.
 */
export class SystemStream {
  state: LifecycleState;
  facts: SystemFacts;
  /** The events emitted, with their instants, for tests that seal and publish them. */
  readonly events: { event: DomainEvent; time: string }[] = [];
  constructor(readonly systemId: string) {
    this.state = initialState(systemId);
    this.facts = emptyFacts(systemId);
  }

  emit(time: string, type: DomainEvent['type'], data: Record<string, unknown>): this {
    const event = { type, data } as DomainEvent;
    this.events.push({ event, time: t(time) });
    this.state = evolve(this.state, event);
    const hash = this.state.sequence.toString(16).padStart(64, '0');
    this.facts = foldFacts(this.facts, { event, time: t(time), sequence: this.state.sequence, hash, sig: `sig-${this.state.sequence}`, sigkid: 'k1' }, this.state);
    return this;
  }

  propose(time: string, o: { sector: string; pack: string; name?: string; owner?: string }): this {
    const proposal = { systemId: this.systemId, name: o.name ?? this.systemId, owner: o.owner ?? 'olga', sector: o.sector };
    return this.emit(time, 'system.proposed', { proposal, policyPack: o.pack, proposedBy: 'pat', proposedAt: t(time) });
  }

  assess(time: string, tier: string): this {
    return this.emit(time, 'risk.assessed', { purpose: 'initial', assessment: { tier, policyVersion: 'pack@1' } });
  }

  open(time: string, round: number, purpose: string, deadline: string, voters: string[]): this {
    const members = voters.map((id) => ({ id, roles: ['member'] }));
    return this.emit(time, 'review.opened', {
      round, purpose, committee: 'c', members, expectedVoters: voters, minVotes: 1, approvalShare: 0.5,
      minDistinctApprovers: 1, opensAt: t(time), deadline: t(deadline), reminderTimes: [], urgent: false,
    });
  }

  vote(time: string, round: number, voter: string, vote: 'approve' | 'reject' | 'request_changes'): this {
    return this.emit(time, 'review.vote_cast', { round, voter, vote, rationale: 'r' });
  }

  approve(time: string, round: number, purpose: string, nextReReview: string, conditions: { id: string; dueAt: string | null }[] = []): this {
    const conds = conditions.map((c) => ({ id: c.id, description: `${c.id} description`, dueBefore: c.dueAt ? 'P1M' : 'deployment', dueAt: c.dueAt ? t(c.dueAt) : null }));
    return this.emit(time, 'system.approved', { round, purpose, tally: {}, conditions: conds, version: '1.0.0', nextReReviewAt: t(nextReReview) });
  }
}
