import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { z } from 'zod';
import type { updateInputSchemas, UpdateName } from '../domain/lifecycle/commands.ts';
import type { DomainEventType } from '../domain/lifecycle/events.ts';
import type { LifecycleState, Stage } from '../domain/lifecycle/state.ts';

/** The workflow id of a system's lifecycle: one per system, ever. */
export const workflowIdOf = (systemId: string): string => `ai-system:${systemId}`;

/** What an accepted update returns: the events it recorded and where the system now is. */
export interface UpdateReceipt {
  readonly systemId: string;
  readonly events: DomainEventType[];
  /** The sequence number of the last event recorded (the chain's head). */
  readonly sequence: number;
  readonly stage: Stage;
}

type In<N extends UpdateName> = z.input<(typeof updateInputSchemas)[N]>;
// The second argument is the API's signed command (compact JWS); a lifecycle with edge keys refuses an update without it.
const update = <N extends UpdateName>(name: N) => defineUpdate<UpdateReceipt, [In<N>, string?]>(name);

// Wire names are frozen: they are in every workflow history. Add new messages; never rename these.
/** A committee member votes on the open round. */
export const castVoteUpdate = update('castVote');
/** A committee member recuses from the open round. */
export const recuseUpdate = update('recuse');
/** The proposer or owner amends the proposal after changes were requested (or while suspended). */
export const amendProposalUpdate = update('amendProposal');
/** The owner records evidence for a condition of approval. */
export const satisfyConditionUpdate = update('satisfyCondition');
/** The owner records a deployment of the approved version. */
export const recordDeploymentUpdate = update('recordDeployment');
/** Someone accountable reports an incident. */
export const reportIncidentUpdate = update('reportIncident');
/** The owner files a transparency report. */
export const submitTransparencyReportUpdate = update('submitTransparencyReport');
/** The owner asks to modify the running system substantially. */
export const requestModificationUpdate = update('requestModification');
/** The owner or chair retires the system. */
export const retireUpdate = update('retire');

/** An administrator asks for an unstaffed review's committee to be drawn again, after the roster was fixed. */
export const retryStaffingUpdate = update('retryStaffing');

/**
 * An administrator replaces the edge keys the lifecycle verifies commands with; signed by a key of the current set.
 * (The edge's roll, `POST /v1/command-keys/rotations`, sends it to every running lifecycle.)
 */
export const rotateCommandKeysUpdate = update('rotateCommandKeys');
/** The decision checker records a logged decision that breaks the approval. */
export const recordDecisionViolationUpdate = update('recordDecisionViolation');

/** The decision checker reports oversight figures over the pack's thresholds; a re-review becomes due. */
export const recordOversightReviewUpdate = update('recordOversightReview');

/** An administrator applies another version of one of the system's packs (see domain/lifecycle/decide-policy.ts). */
export const applyPolicyVersionUpdate = update('applyPolicyVersion');

/** A committee member accepts the derogation claim (see domain/lifecycle/decide-derogation.ts). */
export const acceptDerogationUpdate = update('acceptDerogation');

/** Every update by name, for code that handles or sends them generically. */
export const lifecycleUpdates = {
  castVote: castVoteUpdate,
  recuse: recuseUpdate,
  amendProposal: amendProposalUpdate,
  satisfyCondition: satisfyConditionUpdate,
  recordDeployment: recordDeploymentUpdate,
  reportIncident: reportIncidentUpdate,
  submitTransparencyReport: submitTransparencyReportUpdate,
  requestModification: requestModificationUpdate,
  retire: retireUpdate,
  retryStaffing: retryStaffingUpdate,
  rotateCommandKeys: rotateCommandKeysUpdate,
  recordDecisionViolation: recordDecisionViolationUpdate,
  recordOversightReview: recordOversightReviewUpdate,
  applyPolicyVersion: applyPolicyVersionUpdate,
  acceptDerogation: acceptDerogationUpdate,
} as const;

/** The current state of the system's lifecycle. */
export const getStateQuery = defineQuery<LifecycleState>('getState');
