import { z } from 'zod';
import { ApprovalCondition, Reason, Source } from './approval-condition.ts';
import { DerogationClaim } from './proposal.ts';
import type { Proposal } from './proposal.ts';
import type { ReviewTier } from './tier.ts';

/** The grounds on which a provider may claim that an Annex III system is not high-risk (EU AI Act Art. 6(3)(a)-(d)). */
export const DerogationGround = DerogationClaim.shape.ground;
export type DerogationGround = z.infer<typeof DerogationGround>;

/**
 * What an accepted claim makes of the system: the tier it is reviewed at instead of high (the obligations of that
 * tier then apply, not high's), and the duties that stay with the derogation (documenting it, registering).
 */
export const DerogationAccepted = z.strictObject({
  tier: z.enum(['minimal', 'limited']),
  reason: Reason,
  conditions: z.array(ApprovalCondition).max(10),
});
export type DerogationAccepted = z.infer<typeof DerogationAccepted>;

/** A pack's derogation: its article, the grounds it accepts, and the duties a claim brings while it is decided. */
export const DerogationPolicy = z.strictObject({
  source: Source,
  grounds: z.array(DerogationGround).min(1).max(4),
  reason: Reason,
  /** Conditions of approval while the claim stands: the committee's explicit decision on it, its documentation. */
  conditions: z.array(ApprovalCondition).min(1).max(10),
  /** What a claim the committee accepted leads to (absent: an acceptance is recorded but cannot lower the tier). */
  accepted: DerogationAccepted.optional(),
});
export type DerogationPolicy = z.infer<typeof DerogationPolicy>;

/** How the assessment read the proposer's claim: it lowers the tier only once the committee has accepted it. */
export const DerogationView = z.strictObject({
  ground: DerogationGround,
  justification: z.string(),
  source: z.string(),
  /**
   * `claimed`: awaiting the committee's explicit acceptance; `accepted`: the committee accepted it and the tier is the
   * pack's tier for an accepted claim; `unavailable`: the pack or the facts rule it out (whatever was accepted).
   */
  status: z.enum(['claimed', 'accepted', 'unavailable']),
  explanation: z.string(),
});
export type DerogationView = z.infer<typeof DerogationView>;

/** What a claim adds to an assessment: its view, a tier reason, and the conditions the committee must decide. */
export interface DerogationOutcome {
  readonly view: DerogationView;
  readonly conditions: ApprovalCondition[];
  /** The tier the accepted claim puts the system at (absent unless accepted). */
  readonly tier?: 'minimal' | 'limited';
}

function unavailable(claim: NonNullable<Proposal['derogationClaim']>, source: string, why: string): DerogationOutcome {
  const view = { ground: claim.ground, justification: claim.justification, source, status: 'unavailable' as const, explanation: why };
  return { view, conditions: [] };
}

/**
 * Reads a proposal's derogation claim under a pack at the tier it was assessed at; null when there is no claim.
 * `accepted`: the committee accepted the claim (an event of the lifecycle); it counts only while the claim is still
 * available on the facts: a system that profiles people is high-risk whatever was accepted. Pure.
 */
export function assessDerogation(proposal: Proposal, policy: DerogationPolicy | undefined, tier: ReviewTier, accepted = false): DerogationOutcome | null {
  const claim = proposal.derogationClaim;
  if (!claim) return null;
  if (!policy) return unavailable(claim, 'none', 'this pack has no derogation, so the claim has no effect');
  if (tier !== 'high') return unavailable(claim, policy.source, `the system is assessed ${tier}, not high, so there is nothing to derogate from`);
  if (claim.profilesPeople)
    return unavailable(claim, policy.source, `a system that profiles natural persons is always high-risk (${policy.source}, last subparagraph)`);
  if (!policy.grounds.includes(claim.ground))
    return unavailable(claim, policy.source, `${claim.ground} is not a ground this pack accepts`);
  if (accepted && policy.accepted) {
    const a = policy.accepted;
    const why = `the committee accepted the ${policy.source} derogation (${claim.ground}), so the system is not high-risk and is reviewed as ${a.tier}: ${a.reason}`;
    return {
      view: { ground: claim.ground, justification: claim.justification, source: policy.source, status: 'accepted', explanation: why },
      conditions: a.conditions,
      tier: a.tier,
    };
  }
  const explanation = `the proposer claims the ${policy.source} derogation (${claim.ground}); the tier stays high until the committee accepts the claim explicitly: ${policy.reason}`;
  return {
    view: { ground: claim.ground, justification: claim.justification, source: policy.source, status: 'claimed', explanation },
    conditions: policy.conditions,
  };
}
