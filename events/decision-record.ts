import { z } from 'zod';
import { IsoInstant } from '../domain/instant.ts';
import { SystemId, UserId } from '../domain/proposal.ts';

/** The topic deployed services log their decisions to; key = systemId. */
export const DECISIONS_TOPIC = 'ai-governance.decisions.v1';
/** The CloudEvents type of one logged decision. */
export const DECISION_EVENT_TYPE = 'ai.governance.decision.recorded.v1';

/** An instant with any offset, stored as UTC (`...Z`) so months and ranges compare as text. */
export const UtcInstant = IsoInstant.transform((s) => new Date(s).toISOString());

const Sha256Digest = z.string().regex(/^sha256:[0-9a-f]{64}$/, 'must be `sha256:<64 lowercase hex digits>`');
const Label = z.string().trim().min(1).max(200);

/**
 * What a person did with a decision: reviewed it (read it before it took effect) and possibly overrode it.
 * `by` is the reviewer's id, never their name.
 */
export const HumanReview = z
  .strictObject({
    reviewed: z.boolean(),
    overridden: z.boolean().default(false),
    by: UserId.optional(),
  })
  .refine((r) => r.reviewed || !r.overridden, { message: 'an overridden decision was reviewed', path: ['reviewed'] })
  .refine((r) => !r.reviewed || r.by !== undefined, { message: 'a reviewed decision names its reviewer', path: ['by'] });
export type HumanReview = z.infer<typeof HumanReview>;

/**
 * One decision by a deployed model, as its service logs it. Never raw personal data: the input is a digest, the
 * person it concerns (if any) a pseudonymous digest used only to count people affected per period.
 */
export const DecisionRecord = z.strictObject({
  systemId: SystemId,
  modelVersion: z.string().trim().min(1).max(100),
  /** Unique per system: a decision logged twice is stored once. */
  decisionId: z.string().regex(/^[A-Za-z0-9._:-]{1,128}$/, 'must be 1-128 letters, digits, `.`, `_`, `:` or `-`'),
  decidedAt: UtcInstant,
  inputDigest: Sha256Digest,
  /** The output or its class: a label (`approve`, `high_risk`), never the raw personal data it was derived from. */
  output: Label,
  confidence: z.number().min(0).max(1).optional(),
  /** A pseudonymous digest of the person the decision concerns; counts people affected against the declared scale. */
  subjectDigest: Sha256Digest.optional(),
  review: HumanReview.default({ reviewed: false, overridden: false }),
  /** Where the explanation of this decision can be read (a URI or an id in the service's explanation store). */
  explanationRef: z.string().trim().min(1).max(500).optional(),
});
export type DecisionRecord = z.infer<typeof DecisionRecord>;
export type DecisionRecordInput = z.input<typeof DecisionRecord>;

/** A decision on the wire: CloudEvents 1.0 structured JSON, `id` = `<systemId>:<decisionId>`, subject = systemId. */
export const DecisionEvent = z
  .strictObject({
    specversion: z.literal('1.0'),
    id: z.string().min(5).max(200),
    source: z.string().regex(/^\/govflow\/decisions\/.+$/, '`/govflow/decisions/<logger>`'),
    type: z.literal(DECISION_EVENT_TYPE),
    subject: SystemId,
    time: IsoInstant,
    datacontenttype: z.literal('application/json'),
    data: DecisionRecord,
  })
  .superRefine((e, ctx) => {
    if (e.subject !== e.data.systemId)
      ctx.addIssue({ code: 'custom', path: ['subject'], message: 'subject must equal data.systemId' });
    if (e.id !== `${e.data.systemId}:${e.data.decisionId}`)
      ctx.addIssue({ code: 'custom', path: ['id'], message: 'id must be `<systemId>:<decisionId>`' });
  });
export type DecisionEvent = z.infer<typeof DecisionEvent>;

/** Wraps a parsed record in its envelope; `logger` names who logged it (the helper's client, or the HTTP route). */
export function decisionEventOf(record: DecisionRecord, logger: string): DecisionEvent {
  return {
    specversion: '1.0',
    id: `${record.systemId}:${record.decisionId}`,
    source: `/govflow/decisions/${logger}`,
    type: DECISION_EVENT_TYPE,
    subject: record.systemId,
    time: record.decidedAt,
    datacontenttype: 'application/json',
    data: record,
  };
}
