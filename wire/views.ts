import { z } from 'zod';
import { ReviewPurpose } from '../domain/lifecycle/events.ts';
import { StateView } from '../domain/blind-voting.ts';
import { Stage } from '../domain/lifecycle/state.ts';
import { Tier } from '../domain/policy-pack.ts';
import { SystemId } from '../domain/proposal.ts';
import { envelopeShape } from '../events/envelope.ts';

// Response bodies: the domain's own schemas where they exist (state, events), small views where the API summarises.

/** GET /v1/systems/{id}: the system's state, the fold of its events. */
export const SystemView = StateView.meta({ id: 'SystemState' });
export type SystemView = z.infer<typeof SystemView>;

/** POST /v1/systems: where the new lifecycle is. */
export const ProposeResult = z
  .object({
    systemId: SystemId,
    workflowId: z.string(),
    stage: Stage,
    location: z.string(),
    sequence: z.number().int().describe('the proposal is event 1: `minSequence=<systemId>:1` on a read waits for it'),
  })
  .meta({ id: 'ProposeResult' });
export type ProposeResult = z.infer<typeof ProposeResult>;

/** One row of the system list, read from the read side (the projection of the event topic). */
export const SystemSummary = z
  .object({
    systemId: SystemId,
    workflowId: z.string(),
    stage: z.string().nullable().describe('GovStage'),
    tier: z.string().nullable().describe('GovTier'),
    sector: z.string().nullable().describe('GovSector'),
    owner: z.string().nullable().describe('GovOwner'),
    status: z.string().describe('RUNNING, or COMPLETED once the lifecycle has ended (rejected, retired)'),
    startedAt: z.string().nullable(),
    name: z.string().nullable(),
    pack: z.string().nullable().describe('the policy pack in force'),
    sequence: z.number().int().describe('the last event the read side has folded for the system'),
    updatedAt: z.string().describe('the time of that event'),
  })
  .meta({ id: 'SystemSummary' });
export type SystemSummary = z.infer<typeof SystemSummary>;

/** GET /v1/systems: one page of systems and the token of the next. */
export const SystemPage = z
  .object({ items: z.array(SystemSummary), nextPageToken: z.string().nullable() })
  .meta({ id: 'SystemPage' });
export type SystemPage = z.infer<typeof SystemPage>;

/** A sealed governance event (CloudEvents 1.0 with the audit-chain extensions). */
export const EventView = envelopeShape.meta({ id: 'GovernanceEvent' });

/** An event found for the system that is not served: not the engine's, or a second event at a sequence. */
export const QuarantinedEventView = z
  .object({ sequence: z.number().int(), kind: z.string(), detail: z.string() })
  .meta({ id: 'QuarantinedEvent' });
export type QuarantinedEventView = z.infer<typeof QuarantinedEventView>;

/** GET /v1/systems/{id}/events: the system's signed events in sequence order, and what was set aside. */
export const EventPage = z
  .object({ systemId: SystemId, events: z.array(EventView), quarantined: z.array(QuarantinedEventView) })
  .meta({ id: 'EventPage' });
export type EventPage = z.infer<typeof EventPage>;

/** What an accepted command (update) returns: the events it recorded and where the system now is. */
export const CommandReceipt = z
  .object({
    systemId: SystemId,
    stage: Stage,
    sequence: z.number().int().describe('the sequence number of the last event recorded'),
    events: z
      .array(z.string())
      .describe('the CloudEvents types of the events the command recorded (`ai.governance.<entity>.<event>.v1`)'),
  })
  .meta({ id: 'CommandReceipt' });
export type CommandReceipt = z.infer<typeof CommandReceipt>;

/** One review that waits for the caller's vote. */
export const PendingReview = z
  .object({
    systemId: SystemId,
    name: z.string().nullable(),
    tier: Tier.nullable(),
    round: z.number().int(),
    purpose: ReviewPurpose,
    committee: z.string(),
    deadline: z.string(),
    urgent: z.boolean(),
    votesCast: z.number().int(),
    expectedVoters: z.number().int(),
  })
  .meta({ id: 'PendingReview' });
export type PendingReview = z.infer<typeof PendingReview>;

/** GET /v1/reviews/pending: a page; `nextPageToken` (null on the last page) asks for the next one. */
export const PendingReviews = z
  .object({ items: z.array(PendingReview), nextPageToken: z.string().nullable() })
  .meta({ id: 'PendingReviews' });
export type PendingReviews = z.infer<typeof PendingReviews>;

/** A review that could not be staffed: it waits for an administrator to fix the roster and retry. */
export const UnstaffedReview = z
  .object({
    systemId: SystemId,
    name: z.string().nullable(),
    stage: Stage,
    tier: Tier.nullable(),
    purpose: ReviewPurpose,
    committee: z.string(),
    reason: z.string(),
  })
  .meta({ id: 'UnstaffedReview' });
export type UnstaffedReview = z.infer<typeof UnstaffedReview>;

/** GET /v1/reviews/unstaffed. */
export const UnstaffedReviews = z.object({ items: z.array(UnstaffedReview) }).meta({ id: 'UnstaffedReviews' });
export type UnstaffedReviews = z.infer<typeof UnstaffedReviews>;

/** The outcome of the edge's roll of its command key over every running lifecycle. */
export const CommandKeyRollReport = z
  .object({
    mode: z.enum(['add', 'replace']),
    signedWith: z.string().describe('the key id that signed the rotations (the key the API signed with before)'),
    signsWith: z.string().describe('the key id the API signs every command with from now on'),
    keys: z.array(z.string()).describe('the key ids each rotated lifecycle now trusts'),
    rotated: z.array(SystemId).describe('the running lifecycles that took the rotation'),
    refused: z
      .array(z.object({ systemId: SystemId, code: z.string(), reason: z.string() }))
      .describe('the running lifecycles that refused it, and why (e.g. started before signed commands)'),
  })
  .meta({ id: 'CommandKeyRollReport' });
export type CommandKeyRollReport = z.infer<typeof CommandKeyRollReport>;
