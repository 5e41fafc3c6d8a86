import { z } from 'zod';

/** Risk tiers, lowest first; `prohibited` cannot be approved by any review. */
export const Tier = z.enum(['minimal', 'limited', 'high', 'prohibited']);
export type Tier = z.infer<typeof Tier>;

/** Tiers that go to review (everything but `prohibited`). */
export const ReviewTier = z.enum(['minimal', 'limited', 'high']);
export type ReviewTier = z.infer<typeof ReviewTier>;

/** Tier order, so "at least high" is a comparison. */
export const tierRank = (t: Tier): number => Tier.options.indexOf(t);
/** The higher of two tiers. */
export const maxTier = <T extends Tier>(a: T, b: T): T => (tierRank(a) >= tierRank(b) ? a : b);
