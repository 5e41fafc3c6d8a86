import { z } from 'zod';

/** An exact share, such as two thirds: compared with integer arithmetic, never as a rounded decimal. */
export const Fraction = z.strictObject({
  numerator: z.number().int().min(1).max(1000),
  denominator: z.number().int().min(1).max(1000),
});
export type Fraction = z.infer<typeof Fraction>;

const FRACTION_TEXT = /^([1-9]\d{0,2})\/([1-9]\d{0,2})$/;

/**
 * The share of approvals a round needs. Packs write it as a fraction (`"2/3"`); a number is what assessments recorded
 * before shares were exact, kept readable so their histories replay, and refused in a pack when it is loaded.
 */
export const ApprovalShare = z.union([
  z.number().gt(0).max(1),
  z
    .string()
    .regex(FRACTION_TEXT, 'must be a fraction such as 2/3')
    .refine((s) => {
      const [, n, d] = FRACTION_TEXT.exec(s) ?? [];
      return Number(n) <= Number(d);
    }, 'a share cannot be more than 1 (numerator above denominator)'),
]);
export type ApprovalShare = z.infer<typeof ApprovalShare>;

/** The exact fraction a pack wrote, or null for a legacy decimal (which keeps its floating-point comparison). */
export function shareFraction(share: ApprovalShare): Fraction | null {
  if (typeof share === 'number') return null;
  const [, n, d] = FRACTION_TEXT.exec(share)!;
  return { numerator: Number(n), denominator: Number(d) };
}

/** The share as a number, for display and for readers of the older field. */
export const shareValue = (share: ApprovalShare): number => {
  const f = shareFraction(share);
  return f ? f.numerator / f.denominator : (share as number);
};

/** True when `approvals` of `cast` reach the fraction: approvals / cast >= n / d, in integers (2 of 3 is 2/3). */
export const meetsFraction = (approvals: number, cast: number, f: Fraction): boolean =>
  approvals * f.denominator >= f.numerator * cast;
