import { DomainError, ErrorCode, toFieldIssues } from '../errors.ts';
import type { Proposal } from '../proposal.ts';
import { decide } from './decide.ts';
import type { Command, DecideContext } from './decide.ts';
import { DomainEvent } from './events.ts';
import type { ReviewPurpose } from './events.ts';
import { foldAll } from './review-round.ts';
import type { LifecycleState } from './state.ts';
import { isTerminal } from './state.ts';
import { nextWakeup } from './timers.ts';

/** The assessment a state waits for: which proposal, for which review purpose. */
export interface AssessmentRequest {
  readonly purpose: ReviewPurpose;
  readonly proposal: Proposal;
}

/** What a lifecycle waits for after a step: an assessment, a timer, both or neither (ended, or waiting for people). */
export interface Awaiting {
  readonly assessment: AssessmentRequest | null;
  /** The instant (epoch ms) of the next timer, or null when none is scheduled. */
  readonly wakeAt: number | null;
}

/** The outcome of one command: its events, the state they lead to, and what that state waits for. */
export interface Step extends Awaiting {
  readonly events: DomainEvent[];
  readonly state: LifecycleState;
}

/**
 * The decider's one step: decides the command, checks every event against its published schema, and folds them.
 * Pure. A refusal (or an event that would not validate) throws a DomainError before anything is recorded; the
 * state returned keeps the previous `lastHash` (whoever seals the events sets it).
 */
export function step(s: LifecycleState, c: Command, ctx: DecideContext): Step {
  const events = decide(s, c, ctx);
  events.forEach(requireValidEvent);
  const state = foldAll(s, events);
  return { events, state, ...awaiting(state, ctx) };
}

/** What a state waits for: the workflow runs the assessment, or sleeps until the timer (or a command). */
export function awaiting(s: LifecycleState, ctx: DecideContext): Awaiting {
  if (isTerminal(s)) return { assessment: null, wakeAt: null };
  const purpose = s.pendingAssessment;
  const proposal = purpose === 'modification' && s.pendingModification ? s.pendingModification.proposal : s.proposal;
  return { assessment: purpose && proposal ? { purpose, proposal } : null, wakeAt: nextWakeup(s, ctx) };
}

/** Refuses an event its schema would not accept: the command that caused it is refused, nothing is sealed. */
function requireValidEvent(event: DomainEvent): void {
  const r = DomainEvent.safeParse(event);
  if (r.success) return;
  // Named as `<event type>.<data field>`, e.g. `incident.reported.reportDueAt`.
  const within = (path: readonly PropertyKey[]) => (path[0] === 'data' ? path.slice(1) : path);
  const issues = toFieldIssues(r.error.issues.map((i) => ({ ...i, path: [event.type, ...within(i.path)] })));
  throw new DomainError(
    ErrorCode.invalidInput,
    `the ${event.type} event this command leads to would be invalid: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`,
    issues,
  );
}
