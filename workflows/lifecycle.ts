import {
  allHandlersFinished, condition, continueAsNew, patched, proxyActivities, setHandler, workflowInfo,
} from '@temporalio/workflow';
// Type-only imports: erased at compile time, so no activity code enters the workflow bundle.
import type { LifecyclePolicyActivities } from '../activities/lifecycle-policy.ts';
import type { PublishActivities } from '../activities/publish-events.ts';
import { parseOrThrow } from '../domain/errors.ts';
import { updateInputSchemas } from '../domain/lifecycle/commands.ts';
import type { UpdateName } from '../domain/lifecycle/commands.ts';
import type { Command } from '../domain/lifecycle/decide.ts';
import { initialState, isTerminal } from '../domain/lifecycle/state.ts';
import type { LifecycleState } from '../domain/lifecycle/state.ts';
import type { AssessmentRequest } from '../domain/lifecycle/step.ts';
import type { Proposal } from '../domain/proposal.ts';
import type { GovernanceEvent } from '../events/envelope.ts';
import type { z } from 'zod';
import { LifecycleRecorder } from './lifecycle-recorder.ts';
import { getStateQuery, lifecycleUpdates } from './messages.ts';
import type { UpdateReceipt } from './messages.ts';

/** What starts a lifecycle, and what a continued run carries over from the one before. */
export interface LifecycleInput {
  readonly proposal: Proposal;
  readonly policyPack: string;
  readonly actor: string;
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
  // Lifecycles recorded before dated conditions fell due replay without that timer (their histories have no room for it).
  const rules = { overdueConditions: patched(OVERDUE_CONDITIONS_PATCH) };
  const rec = new LifecycleRecorder(
    input.carried?.state ?? initialState(input.proposal.systemId), [...(input.carried?.outbox ?? [])], info.namespace, input.policyPack, rules,
  );
  registerHandlers(rec);
  if (input.carried) rec.syncSearchAttributes();
  else rec.apply({ type: 'propose', proposal: input.proposal, policyPack: input.policyPack, actor: input.actor }, input.actor);
  const cycleAtStart = rec.state.reReviewCycle;

  for (;;) {
    await flush(rec);
    if (isTerminal(rec.state)) break;
    const { assessment, wakeAt } = rec.awaiting();
    if (assessment) {
      await assess(rec, assessment);
      continue;
    }
    const idle = !rec.state.review && rec.outbox.length === 0;
    if (idle && (rec.state.reReviewCycle > cycleAtStart || workflowInfo().continueAsNewSuggested)) {
      // An update accepted at the boundary must finish (and be carried over) before this run ends.
      await condition(allHandlersFinished);
      await continueAsNew<typeof aiSystemLifecycle>({ ...input, carried: { state: rec.state, outbox: [...rec.outbox] } });
    }
    const seen = rec.state.sequence;
    const changed = (): boolean => rec.state.sequence !== seen || rec.outbox.length > 0;
    if (wakeAt === null) {
      await condition(changed);
      continue;
    }
    const wait = wakeAt - Date.now();
    if (wait > 0 && (await condition(changed, wait))) continue;
    rec.apply({ type: 'tick' });
  }
  await condition(allHandlersFinished);
  await flush(rec);
  const { systemId, stage, sequence, lastHash } = rec.state;
  return { systemId, stage, sequence, lastHash };
}

/** The patch that introduced `condition.overdue`: wire name, frozen. */
const OVERDUE_CONDITIONS_PATCH = 'condition-overdue';

/** Publishes queued events in order; events recorded meanwhile are sent by the next pass. */
async function flush(rec: LifecycleRecorder): Promise<void> {
  while (rec.outbox.length > 0) {
    const batch = rec.outbox.slice();
    await publishEvents(batch);
    rec.published(batch.length);
  }
}

/** Runs the assessment the state is waiting for; a result overtaken by other events is dropped and redone. */
async function assess(rec: LifecycleRecorder, request: AssessmentRequest): Promise<void> {
  const result = await assessProposal({ proposal: request.proposal, pack: rec.state.policyPack ?? undefined });
  if (rec.state.pendingAssessment !== request.purpose) return;
  rec.apply({ type: 'recordAssessment', assessment: result.assessment, roster: result.roster });
}

function registerHandlers(rec: LifecycleRecorder): void {
  setHandler(getStateQuery, () => rec.state);
  for (const name of Object.keys(lifecycleUpdates) as UpdateName[]) registerUpdate(rec, name);
}

function registerUpdate(rec: LifecycleRecorder, name: UpdateName): void {
  const schema = updateInputSchemas[name] as z.ZodType<{ actor: string }>;
  const parse = (raw: unknown) => ({ ...parseOrThrow(schema, raw, `${name} input`), type: name }) as Command & { actor: string };
  // Synchronous on purpose: an async validator is not awaited, so its refusal would be lost.
  const validator = (raw: unknown): void => rec.check(raw, parse);
  const handler = (raw: unknown): UpdateReceipt => {
    const { events, state } = rec.applyUpdate(raw, parse);
    return { systemId: state.systemId, events: events.map((e) => e.type), sequence: rec.state.sequence, stage: state.stage };
  };
  setHandler(lifecycleUpdates[name] as never, handler as never, { validator: validator as never });
}
