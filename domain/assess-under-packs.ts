import { assessRisk, type AssessOptions, type RiskAssessment } from './assess-risk.ts';
import { combineAssessments } from './combine-assessments.ts';
import type { PolicyPack } from './policy-pack.ts';
import type { Proposal } from './proposal.ts';

/**
 * The assessment of a proposal under every pack that applies: each pack's own, combined so the strictest decides.
 * The engine's activity and the API's preview both call this, so a preview cannot say what the engine would not.
 */
export function assessUnderPacks(proposal: Proposal, packs: readonly PolicyPack[], opts: AssessOptions = {}): RiskAssessment {
  return combineAssessments(packs.map((p) => assessRisk(proposal, p, opts)));
}
