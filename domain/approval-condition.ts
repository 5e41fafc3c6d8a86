import { z } from 'zod';
import { IsoDuration } from './durations.ts';
import { ReviewTier } from './tier.ts';

/** The id of a rule, condition, question or flag in a pack: a lowercase slug. */
export const PackItemId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'must be a lowercase id of letters, digits and hyphens');
/** A sentence a person reads: why a rule fired, what an obligation asks. */
export const Reason = z.string().trim().min(1).max(500);
/** Where a rule or obligation comes from in the regulation, e.g. "EU AI Act Art. 50(4)". */
export const Source = z.string().trim().min(3).max(200);

// A pattern rather than z.iso.date(): inside Temporal's workflow bundle z.iso.date() refuses every string.
/** A calendar date, `YYYY-MM-DD`. */
export const IsoDate = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'must be a date such as 2027-12-02');

/** An obligation attached to approval: due before deployment, or a duration after approval. */
export const ApprovalCondition = z.strictObject({
  id: PackItemId,
  description: Reason,
  dueBefore: z.union([z.literal('deployment'), IsoDuration]),
  /** The article or clause that imposes it (absent in packs and histories from before sources were recorded). */
  source: Source.optional(),
  /**
   * A recurring duty (e.g. post-market monitoring, Art. 72): once met it falls due again this long after the later
   * of its due date and its fulfilment, for as long as the approval stands. Only for dated conditions.
   */
  recurs: IsoDuration.optional(),
  /** The tiers at which the duty applies (e.g. Art. 27's assessment, for high-risk systems only); absent: any tier. */
  onlyAtTiers: z.array(ReviewTier).min(1).max(3).optional(),
  /** The date from which the regulation applies this duty (e.g. Annex III duties from 2027-12-02 after the Digital Omnibus). */
  appliesFrom: IsoDate.optional(),
  /** The pack it comes from, set by an assessment under several regimes (a pack file never writes it). */
  pack: PackItemId.optional(),
});
export type ApprovalCondition = z.infer<typeof ApprovalCondition>;
