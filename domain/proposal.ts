import { z } from 'zod';
import { DomainError, ErrorCode } from './errors.ts';
import { describeIssues, fieldIssues } from './field-issues.ts';

// Every string and array is bounded so an oversized proposal is refused at the edge, not stored in history.
// Lone surrogates are refused too: they have no UTF-8 form, so the canonical JSON of an event holding one (its audit
// hash) cannot be computed, and the workflow would fail when it seals the event instead of the edge refusing it.
/** Free text: trimmed, non-empty, at most `max` characters, well-formed Unicode. */
export const boundedText = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .refine((s) => !/\p{Cs}/u.test(s), 'must be well-formed Unicode (no lone surrogates)');
const list = <T extends z.ZodType>(item: T, max: number) => z.array(item).max(max);

/** The shape of a system id, shared by the schema below, the event envelope and the AsyncAPI contract. */
export const SYSTEM_ID_PATTERN = /^[a-z0-9](?:[a-z0-9-]{1,62})[a-z0-9]$/;

/** A system's id: a lowercase slug of 3–64 characters, used in the workflow id `ai-system:<systemId>`. */
export const SystemId = z.string().regex(SYSTEM_ID_PATTERN, 'must be a lowercase slug of 3-64 letters, digits and hyphens');
export type SystemId = z.infer<typeof SystemId>;

/** A person's user id (proposer, owner, committee member). */
export const UserId = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._@-]*$/, 'must be a user id of letters, digits and . _ @ -');
export type UserId = z.infer<typeof UserId>;

/** Sectors; a policy pack decides which of them are high-impact. */
export const Sector = z.enum(['finance', 'healthcare', 'education', 'transportation', 'public_services', 'other']);
export type Sector = z.infer<typeof Sector>;

/** What kind of model the system is built on. */
export const ModelType = z.enum(['classifier', 'recommender', 'generative', 'foundation']);
export type ModelType = z.infer<typeof ModelType>;

/** Categories of data the system processes. */
export const DataCategory = z.enum(['personal', 'sensitive', 'biometric', 'health', 'financial', 'children']);
export type DataCategory = z.infer<typeof DataCategory>;

/** Practices and use areas a pack may restrict or prohibit (e.g. EU AI Act Art. 5 and Annex III). */
export const Practice = z.enum([
  'social_scoring',
  'untargeted_facial_scraping',
  'emotion_recognition_workplace',
  'emotion_recognition_education',
  'subliminal_manipulation',
  'exploiting_vulnerabilities',
  'predictive_policing_profiling',
  'biometric_categorisation_sensitive',
  'realtime_remote_biometric_identification',
  'biometric_identification',
  'critical_infrastructure',
  'employment_decisions',
  'essential_services_access',
  'credit_scoring',
  'law_enforcement',
  'migration_border',
  'justice_democracy',
  'content_generation',
]);
export type Practice = z.infer<typeof Practice>;

/** How much the system acts on its own. */
export const Autonomy = z.enum(['advisory', 'human_in_the_loop', 'human_on_the_loop', 'autonomous']);
export type Autonomy = z.infer<typeof Autonomy>;

const Oversight = z.strictObject({
  autonomy: Autonomy,
  /** User ids of the people who can override or stop the system (EU AI Act Art. 14). */
  canOverride: list(UserId, 50),
  canStop: list(UserId, 50),
  description: boundedText(2000).optional(),
});

const Evidence = z.strictObject({
  safety: z
    .strictObject({
      tested: z.boolean(),
      redTeaming: z.boolean(),
      summary: boundedText(4000).optional(),
      reportRef: boundedText(500).optional(),
    })
    .optional(),
  dataEthics: z
    .strictObject({ provenanceDocumented: z.boolean(), consentObtained: z.boolean(), summary: boundedText(4000).optional() })
    .optional(),
  privacy: z
    .strictObject({ impactAssessment: z.boolean(), minimisation: z.boolean(), summary: boundedText(4000).optional() })
    .optional(),
  bias: z
    .strictObject({
      evaluated: z.boolean(),
      metrics: list(boundedText(200), 50),
      groups: list(boundedText(200), 50),
      summary: boundedText(4000).optional(),
    })
    .optional(),
  explainability: z
    .strictObject({ approach: boundedText(2000), userFacingExplanations: z.boolean(), summary: boundedText(4000).optional() })
    .optional(),
});

/** The public training-data summary of a generative model, in the three parts regulators ask for. */
export const TrainingDataSummary = z.strictObject({
  general: z.strictObject({
    modelName: boundedText(200),
    modelVersion: boundedText(100),
    modalities: list(z.enum(['text', 'image', 'audio', 'video', 'code', 'other']), 6).min(1),
    size: boundedText(200),
    // A pattern rather than z.iso.date(): inside Temporal's workflow bundle z.iso.date() refuses every string.
    dataCutoff: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'must be a date such as 2025-06-30'),
  }),
  sources: z.strictObject({
    public: z.boolean(),
    licensed: z.boolean(),
    user: z.boolean(),
    synthetic: z.boolean(),
    webTopDomains: list(boundedText(253), 1000),
    description: boundedText(4000).optional(),
  }),
  processing: z.strictObject({
    copyrightOptOutsHonoured: z.boolean(),
    illegalContentRemoved: z.boolean(),
    description: boundedText(4000).optional(),
  }),
});
export type TrainingDataSummary = z.infer<typeof TrainingDataSummary>;

/** A jurisdiction a system will operate in: an ISO 3166-1 alpha-2 code, or `EU`. */
export const Jurisdiction = z.string().regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 code such as CN, or EU');
export type Jurisdiction = z.infer<typeof Jurisdiction>;

/**
 * The proposer's yes/no answers to the screening questions of the packs that apply, by question id: their
 * attestation, recorded in the proposal. Which questions must be answered is the pack's to say (checked at the edge).
 */
export const ScreeningAnswers = z
  .record(z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'must be a screening question id'), z.boolean())
  .refine((a) => Object.keys(a).length <= 200, 'at most 200 answers');
export type ScreeningAnswers = z.infer<typeof ScreeningAnswers>;

/** A provider's claim that an Annex III system is not high-risk after all (EU AI Act Art. 6(3)(a)-(d)). */
export const DerogationClaim = z.strictObject({
  ground: z.enum([
    'narrow_procedural_task',
    'improves_completed_human_activity',
    'detects_patterns_without_replacing_review',
    'preparatory_task',
  ]),
  justification: boundedText(2000),
  /** Whether the system profiles natural persons (then no derogation is available). */
  profilesPeople: z.boolean(),
});
export type DerogationClaim = z.infer<typeof DerogationClaim>;

/** A proposal to build or deploy an AI system: what the risk assessment reads. */
export const Proposal = z.strictObject({
  systemId: SystemId,
  name: boundedText(200),
  ownerTeam: boundedText(200),
  proposer: UserId,
  owner: UserId,
  contacts: list(boundedText(320), 20).optional(),
  sector: Sector,
  /** Where the system will operate (ISO 3166-1 alpha-2, or EU): the organisation's pack selection may read it. */
  jurisdictions: list(Jurisdiction, 50).optional(),
  purpose: boundedText(4000),
  deploymentContext: boundedText(4000),
  practices: list(Practice, 30).default([]),
  affected: z.strictObject({
    monthlyUsers: z.number().int().min(0).max(1e11),
    minors: z.boolean(),
    vulnerableGroups: z.boolean(),
    description: boundedText(2000).optional(),
  }),
  model: z.strictObject({
    type: ModelType,
    version: boundedText(100).optional(),
    parameterRange: z.enum(['<1B', '1B-10B', '10B-100B', '>100B']).optional(),
    largeScale: z.boolean(),
    /** Cumulative training compute in floating-point operations (EU AI Act Art. 51(2): 10^25 presumes systemic risk). */
    trainingComputeFlop: z.number().min(0).max(1e35).optional(),
    /** What the model is and does, in the proposer's words (screening flags read it). */
    description: boundedText(2000).optional(),
  }),
  oversight: Oversight,
  dataCategories: list(DataCategory, 6).default([]),
  evidence: Evidence.default({}),
  trainingDataSummary: TrainingDataSummary.optional(),
  screening: ScreeningAnswers.optional(),
  /**
   * The provider's claim that an Annex III system is not high-risk (EU AI Act Art. 6(3)): recorded and shown to the
   * committee, never applied by the assessment; the tier stays high until the committee accepts it.
   */
  derogationClaim: DerogationClaim.optional(),
});
export type Proposal = z.infer<typeof Proposal>;
/** A proposal as written by a person, before defaults are filled in. */
export type ProposalInput = z.input<typeof Proposal>;

/** Parses raw proposal data, or throws INVALID_INPUT naming every bad field (`what` names the source in the message). */
export function parseProposal(raw: unknown, what = 'proposal'): Proposal {
  const r = Proposal.safeParse(raw);
  if (r.success) return r.data;
  const issues = fieldIssues(r.error.issues);
  throw new DomainError(ErrorCode.invalidInput, describeIssues(`invalid ${what}`, issues), issues);
}
