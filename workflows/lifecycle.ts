import {
  allHandlersFinished, condition, continueAsNew, patched, proxyActivities, setHandler, workflowInfo,
} from '@temporalio/workflow';
// Type-only imports: erased at compile time, so no activity code enters the workflow bundle.
import type { CommandKeyActivities } from '../activities/command-keys.ts';
import type { PublishActivities } from '../activities/publish-events.ts';
import { parseOrThrow } from '../domain/errors.ts';
import { updateInputSchemas } from '../domain/lifecycle/commands.ts';
import type { UpdateName } from '../domain/lifecycle/commands.ts';
import type { Command } from '../domain/lifecycle/decide.ts';
import type { Role } from '../domain/identity.ts';
import { initialState, isTerminal } from '../domain/lifecycle/state.ts';
import type { LifecycleState } from '../domain/lifecycle/state.ts';
import type { AssessmentRequest } from '../domain/lifecycle/step.ts';
import type { Proposal } from '../domain/proposal.ts';
import type { GovernanceEvent } from '../events/envelope.ts';
import type { z } from 'zod';
import { CommandTrust, type CommandTrustState } from './command-trust.ts';
import { LifecycleRecorder, attempt } from './lifecycle-recorder.ts';
import { SIGNED_START_PATCH, verifiedStart } from './signed-start.ts';
import { registerPolicyVersionUpdate } from './policy-version.ts';
import { assessProposal } from './reassessing-update.ts';
import { derogationInput, registerDerogationUpdate } from './derogation.ts';
import { getStateQuery, lifecycleUpdates } from './messages.ts';
import type { UpdateReceipt } from './messages.ts';

/** What starts a lifecycle, and what a continued run carries over from the one before. */
export interface LifecycleInput {
  readonly proposal: Proposal;
  readonly policyPack: string;
  /** Every pack that applies, for a system under several regimes (absent under one, and before regimes combined). */
  readonly policyPacks?: readonly string[];
  readonly actor: string;
  /** The roles the API authenticated the proposer with (absent from lifecycles started before they were carried). */
  readonly roles?: readonly Role[];
  /**
   * The edge's signed start (compact JWS over the proposal, pack, proposer and roles): a lifecycle refuses to begin
   * without a valid one, so a start sent straight to Temporal records nothing.
   */
  readonly proof?: string;
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
  const rules = {
    overdueConditions: patched(OVERDUE_CONDITIONS_PATCH),
    // Runs started before the one rule set left a conflicted committee member out of the round without a record.
    recordConflicts: patched('record-committee-conflicts'),
    // Lifecycles recorded before conditions were announced ahead of their due date replay without that wake-up.
    dueSoonConditions: patched(DUE_SOON_CONDITIONS_PATCH),
    // Runs recorded before duties had applicability dates at deployment waited for every open duty.
    upcomingDuties: patched('deploy-before-applies-from'),
  };
  const rec = new LifecycleRecorder(
    input.carried?.state ?? initialState(input.proposal.systemId), [...(input.carried?.outbox ?? [])], info.namespace, input.policyPack, rules,
  );
  const trust = commandTrustOf(input);
  registerHandlers(rec, trust);
  // Lifecycles started before signed starts proposed first and loaded their keys after; theirs replay that way.
  const signedStart = trust.required && !input.carried && patched(SIGNED_START_PATCH);
  const startProof = signedStart ? await verifiedStart(input, trust, info.startTime.getTime()) : undefined;
  if (input.carried) rec.syncSearchAttributes();
  else rec.apply({
    type: 'propose', proposal: input.proposal, policyPack: input.policyPack, actor: input.actor,
    ...(input.policyPacks ? { policyPacks: input.policyPacks } : {}), ...(input.roles ? { roles: input.roles } : {}),
  }, input.actor, startProof);
  // Until the keys are in, every update is refused (there is none to verify it with).
  if (trust.required && !trust.loaded) trust.load(await loadCommandKeys());
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
      const commandTrust = trust.snapshot();
      await continueAsNew<typeof aiSystemLifecycle>({
        ...input,
        carried: { state: rec.state, outbox: [...rec.outbox], ...(commandTrust ? { commandTrust } : {}) },
      });
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

/** The patch that assesses a system under every pack that applies: wire name, frozen. */
const MULTI_REGIME_PATCH = 'multi-regime-assessment';

/** The patch that introduced `condition.overdue`: wire name, frozen. */
const OVERDUE_CONDITIONS_PATCH = 'condition-overdue';

/** The patch that introduced `condition.due_soon`: wire name, frozen. */
const DUE_SOON_CONDITIONS_PATCH = 'condition-due-soon';


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
  // Only lifecycles proposed under several regimes carry policyPacks; the marker records that this run asks for them.
  const packs = rec.state.policyPacks && patched(MULTI_REGIME_PATCH) ? { packs: rec.state.policyPacks } : {};
  const result = await assessProposal({ proposal: request.proposal, pack: rec.state.policyPack ?? undefined, ...packs, ...derogationInput(rec.state) });
  if (rec.state.pendingAssessment !== request.purpose) return;
  rec.apply({ type: 'recordAssessment', assessment: result.assessment, roster: result.roster });
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

function registerHandlers(rec: LifecycleRecorder, trust: CommandTrust): void {
  setHandler(getStateQuery, () => rec.state);
  const own: readonly UpdateName[] = ['applyPolicyVersion', 'acceptDerogation'];
  for (const name of Object.keys(lifecycleUpdates) as UpdateName[]) if (!own.includes(name)) registerUpdate(rec, trust, name);
  registerPolicyVersionUpdate(rec, trust);
  registerDerogationUpdate(rec, trust);
}

function registerUpdate(rec: LifecycleRecorder, trust: CommandTrust, name: UpdateName): void {
  const schema = updateInputSchemas[name] as z.ZodType<{ actor: string }>;
  const parse = (raw: unknown) => ({ ...parseOrThrow(schema, raw, `${name} input`), type: name }) as Command & { actor: string };
  // Synchronous on purpose: an async validator is not awaited, so its refusal would be lost.
  // The signature is checked first: an unsigned, forged or replayed command is refused before it reaches history.
  const validator = (raw: unknown, proof?: unknown): void => {
    attempt(() => trust.check(name, rec.state.systemId, raw, proof, Date.now()));
    rec.check(raw, parse);
    if (name === 'rotateCommandKeys') attempt(() => trust.checkRotation((raw as { keys: { kid: string; x: string }[] }).keys));
  };
  const handler = (raw: unknown, proof?: unknown): UpdateReceipt => {
    // Checked again: two copies of one proof may both pass their validators before either handler runs.
    const claims = attempt(() => trust.check(name, rec.state.systemId, raw, proof, Date.now()));
    const { events, state } = rec.applyUpdate(raw, parse, claims ? (proof as string) : undefined);
    if (claims) trust.use(claims, Date.now());
    // From the next command on, the lifecycle trusts exactly the set its event recorded.
    for (const e of events) if (e.type === 'lifecycle.command_keys_rotated') trust.rotate(e.data.keys);
    return { systemId: state.systemId, events: events.map((e) => e.type), sequence: rec.state.sequence, stage: state.stage };
  };
  setHandler(lifecycleUpdates[name] as never, handler as never, { validator: validator as never });
}
