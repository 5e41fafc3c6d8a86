import { assessUnderPacks } from '../domain/assess-under-packs.ts';
import { DEFAULT_POLICY_PACK, selectPacks, type PackSelection } from '../domain/pack-selection.ts';
import type { PolicyPack } from '../domain/policy-pack.ts';
import type { Proposal } from '../domain/proposal.ts';
import type { AssessmentPreview } from '../wire/assessment-preview.ts';

/** Where a preview's packs come from: the organisation's selection, as for a real proposal. */
export interface AssessmentPreviewOptions {
  readonly packSelection?: PackSelection;
  readonly defaultPolicyPack?: string;
  /** Loads a pack in force (the same check a proposal passes). */
  readonly loadPack: (name: string) => Promise<PolicyPack>;
}

/** Assesses a parsed proposal offline (nothing is started or recorded), under the packs its lifecycle would be assessed under. */
export type PreviewAssessment = (proposal: Proposal) => Promise<AssessmentPreview>;

/** Builds the preview over the selection, so a form shows the tier the engine will give. */
export function createAssessmentPreview(opts: AssessmentPreviewOptions): PreviewAssessment {
  return async (proposal) => {
    const names = selectPacks(opts.packSelection ?? { rules: [] }, proposal, opts.defaultPolicyPack ?? DEFAULT_POLICY_PACK);
    const packs = await Promise.all(names.map((n) => opts.loadPack(n)));
    // Assessed for today, as the engine's assessment is: duties not yet in force are shown with their dates.
    const assessedFor = new Date().toISOString().slice(0, 10);
    return { packs: names, assessment: assessUnderPacks(proposal, packs, { assessedFor }) };
  };
}
