import { z } from 'zod';
import { IncidentSeverity } from '../policy-pack.ts';
import { IsoInstant } from '../instant.ts';
import { Role } from '../identity.ts';
import { Proposal, TrainingDataSummary, UserId, boundedText } from '../proposal.ts';
import { PackName, PackVersion } from '../pack-ref.ts';

// The same free-text rule as the proposal's: a lone surrogate would make the event's audit hash impossible.
const text = boundedText;

/** The three votes a committee member can cast. */
export const Vote = z.enum(['approve', 'reject', 'request_changes']);
export type Vote = z.infer<typeof Vote>;

/** The training-data summary as updates carry it: the proposal's own schema. */
export const ReportedTrainingDataSummary = TrainingDataSummary;

/**
 * The roles the API authenticated the actor with, so the workflow's rules judge the same person the API judged
 * (optional: histories recorded before commands carried them have none).
 */
const roles = z.array(Role).max(Role.options.length).optional();

const p = Proposal.shape;
// Written out so a field left out stays absent: Proposal.partial() would fill defaulted fields (practices: []).
const proposalChangesShape = {
  name: p.name.optional(),
  ownerTeam: p.ownerTeam.optional(),
  contacts: p.contacts,
  sector: p.sector.optional(),
  purpose: p.purpose.optional(),
  deploymentContext: p.deploymentContext.optional(),
  practices: p.practices.unwrap().optional(),
  affected: p.affected.optional(),
  model: p.model.optional(),
  oversight: p.oversight.optional(),
  dataCategories: p.dataCategories.unwrap().optional(),
  evidence: p.evidence.unwrap().optional(),
  trainingDataSummary: ReportedTrainingDataSummary.optional(),
};

/** Top-level proposal fields, each optional; the id, proposer and owner never change after proposal. */
export const ProposalFields = z.strictObject(proposalChangesShape);
export type ProposalFields = z.infer<typeof ProposalFields>;

/** Top-level proposal fields to replace (at least one). */
export const ProposalChanges = ProposalFields.refine((c) => Object.keys(c).length > 0, { message: 'at least one field must change' });
export type ProposalChanges = z.infer<typeof ProposalChanges>;

/** A committee member's vote on the open round; the rationale is required. */
export const CastVote = z.strictObject({ actor: UserId, roles, vote: Vote, rationale: text(4000) });
export type CastVote = z.infer<typeof CastVote>;

/** A committee member steps out of the open round, declaring the conflict of interest. */
export const Recuse = z.strictObject({ actor: UserId, roles, conflict: text(2000) });
export type Recuse = z.infer<typeof Recuse>;

/** The proposer or owner answers a request for changes (or a suspension) with an amended proposal. */
export const AmendProposal = z.strictObject({ actor: UserId, roles, changes: ProposalChanges });
export type AmendProposal = z.infer<typeof AmendProposal>;

/** The owner records evidence that a condition of approval is met. */
export const SatisfyCondition = z.strictObject({ actor: UserId, roles, conditionId: z.string().min(1).max(64), evidence: text(4000) });
export type SatisfyCondition = z.infer<typeof SatisfyCondition>;

/**
 * A voting member of the system's committee accepts the proposer's derogation claim (EU AI Act Art. 6(3)), with the
 * reasons: the system is re-assessed as not high-risk, at the tier its pack gives an accepted claim.
 */
export const AcceptDerogation = z.strictObject({ actor: UserId, roles, reason: text(4000).refine((r) => r.trim().length > 0, 'give the reasons for accepting the claim') });
export type AcceptDerogation = z.infer<typeof AcceptDerogation>;

/** The owner records that an approved version was deployed; the deployer is the actor. */
export const RecordDeployment = z.strictObject({
  actor: UserId,
  roles,
  environment: z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'must be a lowercase environment name'),
  version: text(100),
  /** Accepted only as the actor's own id: commands recorded before the deployer became the actor carry it. */
  deployer: UserId.optional(),
});
export type RecordDeployment = z.infer<typeof RecordDeployment>;

/** Anyone accountable reports an incident of a running system. */
export const ReportIncident = z.strictObject({
  actor: UserId,
  roles,
  severity: IncidentSeverity,
  description: text(4000),
  affectedPeople: z.number().int().min(0).max(1e11),
  /** When the causal link between the system and the incident was established: reporting deadlines run from it. */
  causalLinkAt: IsoInstant,
});
export type ReportIncident = z.infer<typeof ReportIncident>;

/** The owner files the periodic transparency report: the training-data summary and what changed. */
export const SubmitTransparencyReport = z.strictObject({
  actor: UserId,
  roles,
  trainingDataSummary: ReportedTrainingDataSummary,
  changes: text(4000),
});
export type SubmitTransparencyReport = z.infer<typeof SubmitTransparencyReport>;

/** The owner asks to change a running system substantially (new model version, purpose or data). */
export const RequestModification = z.strictObject({
  actor: UserId,
  roles,
  version: text(100),
  description: text(4000),
  changes: ProposalFields.default({}),
});
export type RequestModification = z.infer<typeof RequestModification>;

/** The owner or the committee chair retires the system; the lifecycle ends. */
export const Retire = z.strictObject({ actor: UserId, roles, reason: text(2000) });
export type Retire = z.infer<typeof Retire>;

/** An administrator asks for the committee of a review that could not be staffed to be drawn again (after the roster was fixed). */
export const RetryStaffing = z.strictObject({ actor: UserId, roles, note: text(2000).optional() });
export type RetryStaffing = z.infer<typeof RetryStaffing>;

/**
 * A public Ed25519 key of the edge, as a JWK (RFC 8037) whose `kid` is its RFC 7638 thumbprint. Strict, unlike a
 * JWKS read from a file: a rotation that carries anything else (a private `d` above all) is refused, so no private
 * material can reach a workflow history or an event.
 */
export const EdgeKey = z.strictObject({
  kty: z.literal('OKP'),
  crv: z.literal('Ed25519'),
  x: z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'a base64url Ed25519 public key (43 characters)'),
  kid: z.string().regex(/^[A-Za-z0-9_-]{43}$/, "the key's RFC 7638 thumbprint (base64url, 43 characters)"),
  use: z.literal('sig').optional(),
  alg: z.literal('EdDSA').optional(),
});
export type EdgeKey = z.infer<typeof EdgeKey>;

/**
 * An administrator replaces the edge keys the lifecycle verifies commands with (the new set may keep the current
 * key beside the new one while API instances change over). Accepted only when signed by a key of the current set.
 */
export const RotateCommandKeys = z.strictObject({
  actor: UserId,
  roles,
  keys: z
    .array(EdgeKey)
    .min(1)
    .max(8)
    .refine((ks) => new Set(ks.map((k) => k.kid)).size === ks.length, { message: 'each key id may appear once' }),
  reason: text(2000),
});
export type RotateCommandKeys = z.infer<typeof RotateCommandKeys>;
/** What the decision checker found in a logged decision that breaks the approval. */
export const DecisionViolationKind = z.enum(['unapproved_version', 'system_suspended', 'beyond_declared_scale']);
export type DecisionViolationKind = z.infer<typeof DecisionViolationKind>;

/** A calendar month (UTC), `YYYY-MM`: the period oversight signals and the declared scale are counted over. */
export const Period = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month, YYYY-MM');

/** The decision checker records a logged decision that breaks the approval (it signs as a service identity). */
export const RecordDecisionViolation = z.strictObject({
  actor: UserId,
  roles,
  kind: DecisionViolationKind,
  decisionId: z.string().min(1).max(128),
  modelVersion: text(100),
  decidedAt: IsoInstant,
  period: Period,
  /** People affected in the period so far, and the scale the proposal declared (monthly users). */
  peopleAffected: z.number().int().min(0),
  declaredScale: z.number().int().min(0),
});
export type RecordDecisionViolation = z.infer<typeof RecordDecisionViolation>;

/** A system's decision figures over one period, as the oversight signals report them. */
export const OversightFigures = z.strictObject({
  decisions: z.number().int().min(0),
  reviewed: z.number().int().min(0),
  overridden: z.number().int().min(0),
  reviewedShare: z.number().min(0).max(1),
  overrideRate: z.number().min(0).max(1),
  /** The override rate of the period before, and the change since: the trend. */
  previousOverrideRate: z.number().min(0).max(1).nullable(),
  trend: z.enum(['rising', 'falling', 'steady', 'first_period']),
  peopleAffected: z.number().int().min(0),
});
export type OversightFigures = z.infer<typeof OversightFigures>;

/** A pack threshold the figures crossed: which rule, its limit, and the figure that crossed it. */
export const OversightBreach = z.strictObject({
  rule: z.enum(['override_rate', 'volume_above_scale']),
  limit: z.number().min(0),
  actual: z.number().min(0),
});
export type OversightBreach = z.infer<typeof OversightBreach>;

/** The decision checker reports oversight figures that cross the pack's thresholds: a re-review becomes due. */
export const RecordOversightReview = z.strictObject({
  actor: UserId,
  roles,
  period: Period,
  figures: OversightFigures,
  breaches: z.array(OversightBreach).min(1).max(10),
});
export type RecordOversightReview = z.infer<typeof RecordOversightReview>;

/**
 * An administrator puts another version of one of the system's packs in force: the system is assessed under it, and
 * the change (if any) is recorded; a risen tier or an unmet new obligation sends it back to its committee.
 */
export const ApplyPolicyVersion = z.strictObject({ actor: UserId, roles, pack: PackName, version: PackVersion });
export type ApplyPolicyVersion = z.infer<typeof ApplyPolicyVersion>;

/** What starts a lifecycle: the proposal and who proposed it (the organisation's configuration chooses the pack). */
export const StartLifecycle = z.strictObject({
  proposal: Proposal,
  actor: UserId,
  roles,
});
export type StartLifecycle = z.infer<typeof StartLifecycle>;

/** The update inputs by update name: one schema each, parsed by validators, the API and the CLI. */
export const updateInputSchemas = {
  castVote: CastVote,
  recuse: Recuse,
  amendProposal: AmendProposal,
  satisfyCondition: SatisfyCondition,
  recordDeployment: RecordDeployment,
  reportIncident: ReportIncident,
  submitTransparencyReport: SubmitTransparencyReport,
  requestModification: RequestModification,
  retire: Retire,
  retryStaffing: RetryStaffing,
  rotateCommandKeys: RotateCommandKeys,
  recordDecisionViolation: RecordDecisionViolation,
  recordOversightReview: RecordOversightReview,
  applyPolicyVersion: ApplyPolicyVersion,
  acceptDerogation: AcceptDerogation,
} as const;
/** The name of an update. */
export type UpdateName = keyof typeof updateInputSchemas;
/** The parsed input of an update. */
export type UpdateInput<N extends UpdateName> = z.infer<(typeof updateInputSchemas)[N]>;
