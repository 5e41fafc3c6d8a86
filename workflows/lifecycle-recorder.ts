import { ApplicationFailure, upsertSearchAttributes } from '@temporalio/workflow';
import { DomainError } from '../domain/errors.ts';
import type { DomainEvent } from '../domain/lifecycle/events.ts';
import { evolve } from '../domain/lifecycle/evolve.ts';
import type { LifecycleState } from '../domain/lifecycle/state.ts';
import { sealEvent } from '../events/envelope.ts';
import type { GovernanceEvent } from '../events/envelope.ts';
import { GovOwner, GovSector, GovStage, GovTier } from './search-attributes.ts';

/** The workflow's state and its sealed-but-unpublished events; the only place either changes. */
export class LifecycleRecorder {
  private lastAttributes = '';

  constructor(
    public state: LifecycleState,
    readonly outbox: GovernanceEvent[],
    private readonly namespace: string,
    private readonly packName: string,
  ) {}

  /** Seals each event into the chain, folds it into the state and queues it for publishing, synchronously. */
  record(events: readonly DomainEvent[], actor?: string, commandJws?: string): void {
    for (const event of events) {
      const s = this.state;
      const policyVersion = event.type === 'risk.assessed' ? event.data.assessment.policyVersion : (s.policyVersion ?? `${this.packName}@unassessed`);
      const sealed = sealEvent({
        event, systemId: s.systemId, sequence: s.sequence + 1, prevHash: s.lastHash, namespace: this.namespace,
        policyVersion, time: new Date().toISOString(), ...(actor === undefined ? {} : { actor }),
        ...(commandJws === undefined ? {} : { commandJws }),
      });
      this.state = evolve(s, event, sealed.hash);
      this.outbox.push(sealed);
    }
    this.syncSearchAttributes();
  }

  /** Keeps GovStage, GovTier, GovSector and GovOwner current; upserts only what changed. */
  syncSearchAttributes(): void {
    const s = this.state;
    const values = { stage: s.stage, tier: s.tier, sector: s.proposal?.sector ?? null, owner: s.proposal?.owner ?? null };
    const key = JSON.stringify(values);
    if (key === this.lastAttributes) return;
    this.lastAttributes = key;
    upsertSearchAttributes([
      { key: GovStage, value: values.stage },
      { key: GovTier, value: values.tier },
      { key: GovSector, value: values.sector },
      { key: GovOwner, value: values.owner },
    ]);
  }
}

/** A business refusal as the failure Temporal carries back to the caller: its code is the failure type. */
export function toFailure(e: unknown): unknown {
  if (e instanceof DomainError) {
    return ApplicationFailure.create({ type: e.code, message: e.message, nonRetryable: true, details: [e.issues] });
  }
  return e;
}
