import { z } from 'zod';
import { ApprovalCondition, PackItemId, Reason, Source } from './approval-condition.ts';
import { Condition } from './conditions.ts';
import { Practice } from './proposal.ts';
import { ReviewTier } from './tier.ts';

/** What a screening question is about, so a form can group them and the matrix can count them. */
export const ScreeningTopic = z.enum([
  'prohibited_practice',
  'high_risk_area',
  'general_purpose',
  'interaction',
  'synthetic_content',
  'minors',
  'biometrics',
  'critical_infrastructure',
  'public_body',
]);
export type ScreeningTopic = z.infer<typeof ScreeningTopic>;

/**
 * Where the regulation exempts the duties a yes brings: they are left out when the proposal answered yes to one of
 * `answeredYes` or declares one of `practices` (e.g. Art. 27(1): no fundamental-rights impact assessment for Annex
 * III point 2). Plain lists, not a condition: the screening catalogue serves them as they are.
 */
export const DutiesExemption = z
  .strictObject({
    answeredYes: z.array(PackItemId).max(20).default([]),
    practices: z.array(Practice).max(20).default([]),
    reason: Reason,
    source: Source,
  })
  .refine((e) => e.answeredYes.length > 0 || e.practices.length > 0, { message: 'name questions answered yes, or practices' });
export type DutiesExemption = z.infer<typeof DutiesExemption>;

/** What a yes answer leads to: a prohibition, a tier floor and duties, whatever the score says. */
export const ScreeningConsequence = z
  .strictObject({
    prohibited: z.boolean().default(false),
    minTier: ReviewTier.optional(),
    conditions: z.array(ApprovalCondition).max(20).default([]),
    /** When the conditions above do not apply although the answer is yes (the tier floor and prohibition still do). */
    exemption: DutiesExemption.optional(),
    reason: Reason,
  })
  .refine((c) => c.prohibited || c.minTier !== undefined || c.conditions.length > 0, {
    message: 'a yes answer must prohibit, set a minimum tier or add a condition',
  });
export type ScreeningConsequence = z.infer<typeof ScreeningConsequence>;

/** One yes/no question every proposal under the pack must answer, with help in plain language. */
export const ScreeningQuestion = z.strictObject({
  id: PackItemId,
  topic: ScreeningTopic,
  question: z.string().trim().min(10).max(300),
  help: z.string().trim().min(10).max(1000),
  source: Source,
  ifYes: ScreeningConsequence,
});
export type ScreeningQuestion = z.infer<typeof ScreeningQuestion>;

/**
 * An indicator over the proposal's free text (usually `mentions` conditions). When it fires it raises the tier to at
 * least `minTier`, and the assessment shows it beside the proposer's answer to `question`.
 */
export const ScreeningFlag = z.strictObject({
  id: PackItemId,
  question: PackItemId,
  when: Condition,
  minTier: ReviewTier,
  reason: Reason,
  source: Source,
});
export type ScreeningFlag = z.infer<typeof ScreeningFlag>;

/** A pack's screening: its questions and the flags that check the free text against them. */
export const Screening = z.strictObject({
  questions: z.array(ScreeningQuestion).min(1).max(100),
  flags: z.array(ScreeningFlag).max(100).default([]),
});
export type Screening = z.infer<typeof Screening>;
