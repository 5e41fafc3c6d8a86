import { ApplicationFailure, upsertSearchAttributes } from '@temporalio/workflow';
import { DomainError } from '../domain/errors.ts';
import type { Command, DecideContext } from '../domain/lifecycle/decide.ts';
import type { LifecycleState } from '../domain/lifecycle/state.ts';
import { awaiting, step } from '../domain/lifecycle/step.ts';
import type { Awaiting, Step } from '../domain/lifecycle/step.ts';
import type { GovernanceEvent } from '../events/envelope.ts';
import { sealChain } from '../events/seal-chain.ts';
import { GovOwner, GovSector, GovStage, GovTier } from './search-attributes.ts';
import { currentTraceContext } from './trace-context.ts';

/**
 * The workflow's state and its sealed-but-unpublished events. Commands change the state only through `apply`;
 * the outbox grows there and shrinks only through `published`.
 */
export class LifecycleRecorder {
  private lastAttributes = '';
  // The validator's dry run, reused by the handler of the same update when nothing changed in between.
  private checked: { raw: unknown; state: LifecycleState; now: number; command: Command & { actor: string }; result: Step } | null = null;

  constructor(
    public state: LifecycleState,
    private readonly queue: GovernanceEvent[],
    private readonly namespace: string,
    private readonly packName: string,
    private readonly rules: Omit<DecideContext, 'now'>,
  ) {}

  /** The events sealed and not yet published, oldest first. */
  get outbox(): readonly GovernanceEvent[] {
    return this.queue;
  }

  /** The decider's context now: the workflow clock and the timer rules of this run. */
  ctx(): DecideContext {
    return { now: Date.now(), ...this.rules };
  }

  /** What the current state waits for. */
  awaiting(): Awaiting {
    return awaiting(this.state, this.ctx());
  }

  /** Steps an update's command without recording it (its validator); a refusal is thrown as an ApplicationFailure. */
  check(raw: unknown, parse: (raw: unknown) => Command & { actor: string }): void {
    this.checked = null;
    const state = this.state;
    const { now } = this.ctx();
    const command = attempt(() => parse(raw));
    this.checked = { raw, state, now, command, result: attempt(() => step(state, command, this.ctx())) };
  }

  /** Steps an update's command and records it, acted by its actor; the validator's dry run is reused when still current. */
  applyUpdate(raw: unknown, parse: (raw: unknown) => Command & { actor: string }, commandJws?: string): Step {
    const c = this.checked;
    this.checked = null;
    if (c !== null && c.raw === raw && c.state === this.state && c.now === Date.now()) return this.commit(c.result, c.command.actor, commandJws);
    const command = attempt(() => parse(raw));
    return this.commit(attempt(() => step(this.state, command, this.ctx())), command.actor, commandJws);
  }

  /** Steps one of the workflow's own commands (propose, recordAssessment, tick) and records it; a signed start's proof travels into its event. */
  apply(command: Command, actor?: string, commandJws?: string): Step {
    return this.commit(attempt(() => step(this.state, command, this.ctx())), actor, commandJws);
  }

  private commit(result: Step, actor: string | undefined, commandJws?: string): Step {
    const trace = currentTraceContext();
    const sealed = sealChain(result.events, {
      state: this.state, namespace: this.namespace, unassessedPolicyVersion: `${this.packName}@unassessed`,
      time: new Date().toISOString(), ...(actor === undefined ? {} : { actor }),
      ...(commandJws === undefined ? {} : { commandJws }), ...(trace === undefined ? {} : { trace }),
    });
    this.state = { ...result.state, lastHash: sealed.at(-1)?.hash ?? this.state.lastHash };
    this.queue.push(...sealed);
    this.syncSearchAttributes();
    return result;
  }

  /** Drops the first `count` events of the outbox once the topic has acknowledged them. */
  published(count: number): void {
    this.queue.splice(0, count);
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

/**
 * Runs a step, turning a business refusal into the failure Temporal carries back to the caller (its code is the
 * failure type): the one place refusals are translated, for updates and the workflow's own commands alike. A plain
 * Error would fail the workflow task and retry it forever.
 */
export function attempt<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof DomainError) {
      throw ApplicationFailure.create({ type: e.code, message: e.message, nonRetryable: true, details: [e.issues] });
    }
    throw e;
  }
}
