import { z } from 'zod';
import {
  AmendProposal,
  CastVote,
  RecordDeployment,
  Recuse,
  ReportIncident,
  RequestModification,
  Retire,
  RetryStaffing,
  AcceptDerogation,
  RotateCommandKeys,
  SatisfyCondition,
  SubmitTransparencyReport,
} from '../domain/lifecycle/commands.ts';
import { PageToken } from './page-token.ts';
import { Stage } from '../domain/lifecycle/state.ts';
import { Tier } from '../domain/policy-pack.ts';
import { Proposal, Sector, SystemId, UserId } from '../domain/proposal.ts';

// Request bodies are the domain's command schemas without `actor`: the caller's token says who acts, never the body.

/** POST /v1/systems: a proposal; `proposer` may be left out (it is the caller) but may not name someone else. */
export const ProposeBody = Proposal.extend({ proposer: UserId.optional() }).meta({ id: 'ProposeBody' });
export type ProposeBody = z.input<typeof ProposeBody>;

/**
 * POST /v1/systems query. `policyPack` is refused by name rather than ignored: a proposer who asked for a pack must
 * learn that the organisation's configuration chose another, not find out from the assessment.
 */
export const ProposeQuery = z.object({
  policyPack: z
    .string()
    .optional()
    .refine((v) => v === undefined, {
      message: 'the organisation chooses the policy pack (GOVFLOW_POLICY_PACK and GOVFLOW_POLICY_SELECTION); a proposal cannot name one',
    })
    .describe('refused: the policy pack is chosen by configuration, never by the proposer'),
});

export const VoteBody = CastVote.omit({ actor: true, roles: true }).meta({ id: 'VoteBody' });
export type VoteBody = z.input<typeof VoteBody>;
export const RecuseBody = Recuse.omit({ actor: true, roles: true }).meta({ id: 'RecuseBody' });
export type RecuseBody = z.input<typeof RecuseBody>;
export const AmendBody = AmendProposal.omit({ actor: true, roles: true }).meta({ id: 'AmendBody' });
export type AmendBody = z.input<typeof AmendBody>;
export const EvidenceBody = SatisfyCondition.omit({ actor: true, roles: true, conditionId: true }).meta({ id: 'EvidenceBody' });
export type EvidenceBody = z.input<typeof EvidenceBody>;
/** The deployer is the caller: a body naming one is refused. */
export const DeploymentBody = RecordDeployment.omit({ actor: true, roles: true, deployer: true }).meta({ id: 'DeploymentBody' });
export type DeploymentBody = z.input<typeof DeploymentBody>;
export const IncidentBody = ReportIncident.omit({ actor: true, roles: true }).meta({ id: 'IncidentBody' });
export type IncidentBody = z.input<typeof IncidentBody>;
export const TransparencyReportBody = SubmitTransparencyReport.omit({ actor: true, roles: true }).meta({
  id: 'TransparencyReportBody',
});
export type TransparencyReportBody = z.input<typeof TransparencyReportBody>;
export const ModificationBody = RequestModification.omit({ actor: true, roles: true }).meta({ id: 'ModificationBody' });
export type ModificationBody = z.input<typeof ModificationBody>;
export const RetirementBody = Retire.omit({ actor: true, roles: true }).meta({ id: 'RetirementBody' });
export type RetirementBody = z.input<typeof RetirementBody>;
export const StaffingRetryBody = RetryStaffing.omit({ actor: true, roles: true }).meta({ id: 'StaffingRetryBody' });
export const DerogationAcceptanceBody = AcceptDerogation.omit({ actor: true, roles: true }).meta({ id: 'DerogationAcceptanceBody' });
export type DerogationAcceptanceBody = z.input<typeof DerogationAcceptanceBody>;
export type StaffingRetryBody = z.input<typeof StaffingRetryBody>;
export const CommandKeysBody = RotateCommandKeys.omit({ actor: true, roles: true }).meta({ id: 'CommandKeysBody' });
export type CommandKeysBody = z.input<typeof CommandKeysBody>;

/**
 * The edge's roll of its own command key over every running lifecycle: `add` trusts the key file's current key beside
 * the one the API signs with now (signed by the latter), `replace` trusts the current key alone.
 */
export const CommandKeyRollBody = z
  .strictObject({
    mode: z.enum(['add', 'replace']).default('add'),
    reason: RotateCommandKeys.shape.reason,
  })
  .meta({ id: 'CommandKeyRollBody' });
export type CommandKeyRollBody = z.input<typeof CommandKeyRollBody>;

// Plain zod `.meta()` rather than `.openapi()`: domain schemas may be built before the OpenAPI extension loads.
/** Path parameters. */
export const SystemParams = z.object({
  id: SystemId.meta({ param: { name: 'id', in: 'path' }, example: 'retail-credit-scoring' }),
});
export const ConditionParams = SystemParams.extend({
  cid: z
    .string()
    .min(1)
    .max(64)
    .meta({ param: { name: 'cid', in: 'path' }, example: 'bias-audit' }),
});

/**
 * `<systemId>:<sequence>` (an event id, e.g. from a command's receipt): the read waits, bounded, until the read side
 * has folded that event, so what a command just did shows in the next read (read your writes).
 */
export const MinSequence = z
  .string()
  .regex(/^[a-z0-9-]{3,64}:\d{1,15}$/, 'must be <systemId>:<sequence>, as a command receipt gives them')
  .meta({ description: 'wait (bounded) until the read side has this event: `<systemId>:<sequence>`' });

/** GET /v1/systems query: filters, a text search, and a page. */
export const ListQuery = z.object({
  stage: Stage.optional(),
  tier: Tier.optional(),
  sector: Sector.optional(),
  owner: UserId.optional(),
  /** The policy pack in force (its name). */
  pack: z.string().min(1).max(100).optional(),
  /** Text search over id, name, team, owner, proposer and purpose (case-insensitive, substring). */
  q: z.string().min(1).max(200).optional(),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
  pageToken: PageToken.optional(),
  minSequence: MinSequence.optional(),
});
export type ListQuery = Partial<z.output<typeof ListQuery>>;

/** GET /v1/reviews/pending query: a page of the inbox (soonest deadline first). */
export const PendingQuery = z.object({
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
  pageToken: PageToken.optional(),
  minSequence: MinSequence.optional(),
});
export type PendingQuery = Partial<z.output<typeof PendingQuery>>;

/** GET /v1/systems/{id}/events query: `minSequence` may be the bare sequence of the system in the path. */
export const EventsQuery = z.object({
  minSequence: z
    .string()
    .regex(/^(\d{1,15}|[a-z0-9-]{3,64}:\d{1,15})$/, 'must be a sequence, or <systemId>:<sequence>')
    .optional()
    .meta({ description: 'wait (bounded) until the read side has this sequence of the system' }),
});
