import {
  allHandlersFinished, condition, continueAsNew, patched, proxyActivities, setHandler, workflowInfo,
} from '@temporalio/workflow';
// Type-only imports: erased at compile time, so no activity code enters the workflow bundle.
import type { LifecyclePolicyActivities } from '../activities/lifecycle-policy.ts';
import type { PublishActivities } from '../activities/publish-events.ts';
import { parseOrThrow } from '../domain/errors.ts';
import { updateInputSchemas } from '../domain/lifecycle/commands.ts';
import type { UpdateName } from '../domain/lifecycle/commands.ts';
import { decide } from '../domain/lifecycle/decide.ts';
import type { Command, DecideContext } from '../domain/lifecycle/decide.ts';
import type { Role } from '../domain/identity.ts';
import { initialState, isTerminal } from '../domain/lifecycle/state.ts';
import type { LifecycleState } from '../domain/lifecycle/state.ts';
import { nextWakeup } from '../domain/lifecycle/timers.ts';
import type { Proposal } from '../domain/proposal.ts';
import type { GovernanceEvent } from '../events/envelope.ts';
import type { z } from 'zod';
import { LifecycleRecorder, toFailure } from './lifecycle-recorder.ts';
import { getStateQuery, lifecycleUpdates } from './messages.ts';
import type { UpdateReceipt } from './messages.ts';

/** What starts a lifecycle, and what a continued run carries over from the one before. */
export interface LifecycleInput {
  readonly proposal: Proposal;
  readonly policyPack: string;
  readonly actor: string;
  /** The roles the API authenticated the proposer with (absent from lifecycles started before they were carried). */
  readonly roles?: readonly Role[];
  readonly carried?: { readonly state: LifecycleState; readonly outbox: GovernanceEvent[] };
}

/** How a lifecycle ended. */
export interface LifecycleOutcome {
  readonly systemId: string;
  readonly stage: LifecycleState['stage'];
  readonly sequence: number;
  readonly lastHash: string | null;
}

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
  // Runs started before the one rule set left a conflicted committee member out of the round without a record.
  const recordConflicts = patched('record-committee-conflicts');
  const ctx = (): DecideContext => ({ now: Date.now(), recordConflicts });
  registerHandlers(rec, ctx);
  if (input.carried) rec.syncSearchAttributes();
  else rec.record(decide(rec.state, { type: 'propose', proposal: input.proposal, policyPack: input.policyPack, actor: input.actor, ...(input.roles ? { roles: input.roles } : {}) }, ctx()), input.actor);
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
      await continueAsNew<typeof aiSystemLifecycle>({ ...input, carried: { state: rec.state, outbox: rec.outbox } });
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
async function assess(rec: LifecycleRecorder, ctx: () => DecideContext): Promise<void> {
  const s = rec.state;
  const purpose = s.pendingAssessment;
  const proposal = purpose === 'modification' && s.pendingModification ? s.pendingModification.proposal : s.proposal!;
  const result = await assessProposal({ proposal, pack: s.policyPack ?? undefined });
  if (rec.state.pendingAssessment !== purpose) return;
  rec.record(decide(rec.state, { type: 'recordAssessment', assessment: result.assessment, roster: result.roster }, ctx()));
}

function registerHandlers(rec: LifecycleRecorder, ctx: () => DecideContext): void {
  setHandler(getStateQuery, () => rec.state);
  for (const name of Object.keys(lifecycleUpdates) as UpdateName[]) registerUpdate(rec, ctx, name);
}

function registerUpdate(rec: LifecycleRecorder, ctx: () => DecideContext, name: UpdateName): void {
  const schema = updateInputSchemas[name] as z.ZodType<object>;
  const command = (raw: unknown): Command => ({ ...parseOrThrow(schema, raw, `${name} input`), type: name }) as Command;
  // Synchronous on purpose: an async validator is not awaited, so its refusal would be lost.
  const validator = (raw: unknown): void => {
    try {
      decide(rec.state, command(raw), ctx());
    } catch (e) {
      throw toFailure(e);
    }
  };
  const handler = (raw: unknown): UpdateReceipt => {
    try {
      const c = command(raw);
      const events = decide(rec.state, c, ctx());
      rec.record(events, (c as { actor: string }).actor);
      return { systemId: rec.state.systemId, events: events.map((e) => e.type), sequence: rec.state.sequence, stage: rec.state.stage };
    } catch (e) {
      throw toFailure(e);
    }
  };
  setHandler(lifecycleUpdates[name] as never, handler as never, { validator: validator as never });
}
