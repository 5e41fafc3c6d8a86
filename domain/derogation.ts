import { z } from 'zod';
import { ApprovalCondition, Reason, Source } from './approval-condition.ts';
import { DerogationClaim } from './proposal.ts';
import type { Proposal } from './proposal.ts';
import type { ReviewTier } from './tier.ts';

/** The grounds on which a provider may claim that an Annex III system is not high-risk (EU AI Act Art. 6(3)(a)-(d)). */
export const DerogationGround = DerogationClaim.shape.ground;
export type DerogationGround = z.infer<typeof DerogationGround>;

/** A pack's derogation: its article, the grounds it accepts, and the duties a claim brings while it is decided. */
export const DerogationPolicy = z.strictObject({
  source: Source,
  grounds: z.array(DerogationGround).min(1).max(4),
  reason: Reason,
  /** Conditions of approval while the claim stands: the committee's explicit decision on it, its documentation. */
  conditions: z.array(ApprovalCondition).min(1).max(10),
});
export type DerogationPolicy = z.infer<typeof DerogationPolicy>;

/** How the assessment read the proposer's claim: it never lowers the tier; people decide it. */
export const DerogationView = z.strictObject({
  ground: DerogationGround,
  justification: z.string(),
  source: z.string(),
  /** `claimed`: awaiting the committee's explicit acceptance; `unavailable`: the pack or the facts rule it out. */
  status: z.enum(['claimed', 'unavailable']),
  explanation: z.string(),
});
export type DerogationView = z.infer<typeof DerogationView>;

/** What a claim adds to an assessment: its view, a tier reason, and the conditions the committee must decide. */
export interface DerogationOutcome {
  readonly view: DerogationView;
  readonly conditions: ApprovalCondition[];
}

function unavailable(claim: NonNullable<Proposal['derogationClaim']>, source: string, why: string): DerogationOutcome {
  const view = { ground: claim.ground, justification: claim.justification, source, status: 'unavailable' as const, explanation: why };
  return { view, conditions: [] };
}

/** Reads a proposal's derogation claim under a pack at the tier it was assessed at; null when there is no claim. Pure. */
export function assessDerogation(proposal: Proposal, policy: DerogationPolicy | undefined, tier: ReviewTier): DerogationOutcome | null {
  const claim = proposal.derogationClaim;
  if (!claim) return null;
  if (!policy) return unavailable(claim, 'none', 'this pack has no derogation, so the claim has no effect');
  if (tier !== 'high') return unavailable(claim, policy.source, `the system is assessed ${tier}, not high, so there is nothing to derogate from`);
  if (claim.profilesPeople)
    return unavailable(claim, policy.source, `a system that profiles natural persons is always high-risk (${policy.source}, last subparagraph)`);
  if (!policy.grounds.includes(claim.ground))
    return unavailable(claim, policy.source, `${claim.ground} is not a ground this pack accepts`);
  const explanation = `the proposer claims the ${policy.source} derogation (${claim.ground}); the tier stays high until the committee accepts the claim explicitly: ${policy.reason}`;
  return {
    view: { ground: claim.ground, justification: claim.justification, source: policy.source, status: 'claimed', explanation },
    conditions: policy.conditions,
  };
}
