import { DEFAULT_POLICY_PACK, selectPacks, type PackSelection, type RegimeFacts } from '../domain/pack-selection.ts';
import type { PolicyPack } from '../domain/policy-pack.ts';
import type { PackScreening } from '../wire/screening.ts';

/** Where the screening questions a proposal must answer come from: the organisation's selection and its packs. */
export interface ScreeningCatalogueOptions {
  readonly packSelection?: PackSelection;
  readonly defaultPolicyPack?: string;
  /** Loads a pack in force (the same check a proposal passes). */
  readonly loadPack: (name: string) => Promise<PolicyPack>;
}

/** The questions of every pack that would apply to a proposal with these facts, for a proposal form to ask. */
export type ScreeningCatalogue = (facts: RegimeFacts) => Promise<PackScreening[]>;

/** Builds the catalogue over the selection, so a form asks exactly what the proposal will be checked against. */
export function createScreeningCatalogue(opts: ScreeningCatalogueOptions): ScreeningCatalogue {
  return async (facts) => {
    const names = selectPacks(
      opts.packSelection ?? { rules: [] },
      facts,
      opts.defaultPolicyPack ?? DEFAULT_POLICY_PACK,
    );
    const packs = await Promise.all(names.map((n) => opts.loadPack(n)));
    return packs.map((p) => ({
      pack: p.name,
      policyVersion: p.policyVersion,
      title: p.title,
      questions: p.screening?.questions ?? [],
    }));
  };
}
