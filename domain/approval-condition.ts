import { z } from 'zod';
import { IsoDuration } from './durations.ts';

/** The id of a rule, condition, question or flag in a pack: a lowercase slug. */
export const PackItemId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'must be a lowercase id of letters, digits and hyphens');
/** A sentence a person reads: why a rule fired, what an obligation asks. */
export const Reason = z.string().trim().min(1).max(500);
/** Where a rule or obligation comes from in the regulation, e.g. "EU AI Act Art. 50(4)". */
export const Source = z.string().trim().min(3).max(200);

/** An obligation attached to approval: due before deployment, or a duration after approval. */
export const ApprovalCondition = z.strictObject({
  id: PackItemId,
  description: Reason,
  dueBefore: z.union([z.literal('deployment'), IsoDuration]),
  /** The article or clause that imposes it (absent in packs and histories from before sources were recorded). */
  source: Source.optional(),
  /** The pack it comes from, set by an assessment under several regimes (a pack file never writes it). */
  pack: PackItemId.optional(),
});
export type ApprovalCondition = z.infer<typeof ApprovalCondition>;
