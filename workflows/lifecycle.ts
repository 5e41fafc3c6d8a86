import {
  allHandlersFinished, condition, continueAsNew, patched, proxyActivities, setHandler, workflowInfo,
} from '@temporalio/workflow';
// Type-only imports: erased at compile time, so no activity code enters the workflow bundle.
import type { CommandKeyActivities } from '../activities/command-keys.ts';
import type { LifecyclePolicyActivities } from '../activities/lifecycle-policy.ts';
import type { PublishActivities } from '../activities/publish-events.ts';
import { parseOrThrow } from '../domain/errors.ts';
import { updateInputSchemas } from '../domain/lifecycle/commands.ts';
import type { UpdateName } from '../domain/lifecycle/commands.ts';
import { decide } from '../domain/lifecycle/decide.ts';
import type { Command } from '../domain/lifecycle/decide.ts';
import { initialState, isTerminal } from '../domain/lifecycle/state.ts';
import type { LifecycleState } from '../domain/lifecycle/state.ts';
import { nextWakeup } from '../domain/lifecycle/timers.ts';
import type { Proposal } from '../domain/proposal.ts';
import type { GovernanceEvent } from '../events/envelope.ts';
import type { z } from 'zod';
import { CommandTrust, type CommandTrustState } from './command-trust.ts';
import { LifecycleRecorder, toFailure } from './lifecycle-recorder.ts';
import { getStateQuery, lifecycleUpdates } from './messages.ts';
import type { UpdateReceipt } from './messages.ts';

/** What starts a lifecycle, and what a continued run carries over from the one before. */
export interface LifecycleInput {
  readonly proposal: Proposal;
  readonly policyPack: string;
  readonly actor: string;
  readonly carried?: {
    readonly state: LifecycleState;
    readonly outbox: GovernanceEvent[];
    /** Absent for a lifecycle started before signed commands. */
    readonly commandTrust?: CommandTrustState;
  };
}

/** How a lifecycle ended. */
export interface LifecycleOutcome {
  readonly systemId: string;
  readonly stage: LifecycleState['stage'];
  readonly sequence: number;
  readonly lastHash: string | null;
}

const { loadCommandKeys } = proxyActivities<CommandKeyActivities>({
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '10 seconds' },
});
const { assessProposal } = proxyActivities<LifecyclePolicyActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 10 },
});
// Publishing retries without limit: an event must reach the topic, however long the broker is away. The interval is
// capped at 5 s so a returning broker is used within seconds (at 30 s, recovery after an outage took as long again).
const { publishEvents } = proxyActivities<PublishActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '500 milliseconds', backoffCoefficient: 2, maximumInterval: '5 seconds' },
});

/** One AI system's governance, from proposal to retirement: wiring only, the domain decides. */
export async function aiSystemLifecycle(input: LifecycleInput): Promise<LifecycleOutcome> {
  const info = workflowInfo();
  const rec = new LifecycleRecorder(
    input.carried?.state ?? initialState(input.proposal.systemId), [...(input.carried?.outbox ?? [])], info.namespace, input.policyPack,
  );
  const ctx = () => ({ now: Date.now() });
  const trust = commandTrustOf(input);
  registerHandlers(rec, ctx, trust);
  if (input.carried) rec.syncSearchAttributes();
  else rec.record(decide(rec.state, { type: 'propose', proposal: input.proposal, policyPack: input.policyPack, actor: input.actor }, ctx()), input.actor);
  // Until the keys are in, every update is refused (there is none to verify it with).
  if (trust.required && !trust.loaded) trust.load(await loadCommandKeys());
  const cycleAtStart = rec.state.reReviewCycle;

  for (;;) {
    await flush(rec);
    const s = rec.state;
    if (isTerminal(s)) break;
    if (s.pendingAssessment) {
      await assess(rec, ctx);
      continue;
    }
    const idle = !s.review && rec.outbox.length === 0;
    if (idle && (s.reReviewCycle > cycleAtStart || workflowInfo().continueAsNewSuggested)) {
      // An update accepted at the boundary must finish (and be carried over) before this run ends.
      await condition(allHandlersFinished);
      const commandTrust = trust.snapshot();
      await continueAsNew<typeof aiSystemLifecycle>({
        ...input,
        carried: { state: rec.state, outbox: rec.outbox, ...(commandTrust ? { commandTrust } : {}) },
      });
    }
    const seen = s.sequence;
    const changed = (): boolean => rec.state.sequence !== seen || rec.outbox.length > 0;
    const wake = nextWakeup(s);
    if (wake === null) {
      await condition(changed);
      continue;
    }
    const wait = wake - Date.now();
    if (wait > 0 && (await condition(changed, wait))) continue;
    rec.record(decide(rec.state, { type: 'tick' }, ctx()));
  }
  await condition(allHandlersFinished);
  await flush(rec);
  const { systemId, stage, sequence, lastHash } = rec.state;
  return { systemId, stage, sequence, lastHash };
}

/** Publishes queued events in order; events recorded meanwhile are sent by the next pass. */
async function flush(rec: LifecycleRecorder): Promise<void> {
  while (rec.outbox.length > 0) {
    const batch = rec.outbox.slice();
    await publishEvents(batch);
    rec.outbox.splice(0, batch.length);
  }
}

/** Runs the assessment the state is waiting for; a result overtaken by other events is dropped and redone. */
async function assess(rec: LifecycleRecorder, ctx: () => { now: number }): Promise<void> {
  const s = rec.state;
  const purpose = s.pendingAssessment;
  const proposal = purpose === 'modification' && s.pendingModification ? s.pendingModification.proposal : s.proposal!;
  const result = await assessProposal({ proposal, pack: s.policyPack ?? undefined });
  if (rec.state.pendingAssessment !== purpose) return;
  rec.record(decide(rec.state, { type: 'recordAssessment', assessment: result.assessment, roster: result.roster }, ctx()));
}

/**
 * The edge keys this lifecycle trusts: carried over, or loaded from the worker's configuration at start (never
 * from the caller's input, so whoever starts a workflow cannot choose whose signatures it accepts). Lifecycles
 * already running without keys keep accepting unsigned updates, so their histories replay unchanged.
 */
function commandTrustOf(input: LifecycleInput): CommandTrust {
  if (input.carried?.commandTrust) return new CommandTrust(true, input.carried.commandTrust);
  return new CommandTrust(!input.carried && patched('signed-commands'));
}

function registerHandlers(rec: LifecycleRecorder, ctx: () => { now: number }, trust: CommandTrust): void {
  setHandler(getStateQuery, () => rec.state);
  for (const name of Object.keys(lifecycleUpdates) as UpdateName[]) registerUpdate(rec, ctx, trust, name);
}

function registerUpdate(rec: LifecycleRecorder, ctx: () => { now: number }, trust: CommandTrust, name: UpdateName): void {
  const schema = updateInputSchemas[name] as z.ZodType<object>;
  const command = (raw: unknown): Command => ({ ...parseOrThrow(schema, raw, `${name} input`), type: name }) as Command;
  // Synchronous on purpose: an async validator is not awaited, so its refusal would be lost.
  // The signature is checked first: an unsigned, forged or replayed command is refused before it reaches history.
  const validator = (raw: unknown, proof?: unknown): void => {
    try {
      trust.check(name, rec.state.systemId, raw, proof, ctx().now);
      decide(rec.state, command(raw), ctx());
    } catch (e) {
      throw toFailure(e);
    }
  };
  const handler = (raw: unknown, proof?: unknown): UpdateReceipt => {
    try {
      // Checked again: two copies of one proof may both pass their validators before either handler runs.
      const claims = trust.check(name, rec.state.systemId, raw, proof, ctx().now);
      const c = command(raw);
      const events = decide(rec.state, c, ctx());
      if (claims) trust.use(claims, ctx().now);
      rec.record(events, (c as { actor: string }).actor, claims ? (proof as string) : undefined);
      return { systemId: rec.state.systemId, events: events.map((e) => e.type), sequence: rec.state.sequence, stage: rec.state.stage };
    } catch (e) {
      throw toFailure(e);
    }
  };
  setHandler(lifecycleUpdates[name] as never, handler as never, { validator: validator as never });
}
