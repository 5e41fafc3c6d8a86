import { z } from 'zod';
import { Jurisdiction, Sector } from './proposal.ts';
import type { Proposal } from './proposal.ts';

/** The pack in force when the configuration names none: the AI Governance Code 2026. */
export const DEFAULT_POLICY_PACK = 'ai-governance-code-2026';

const packName = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'must be a policy pack name');

/** One selection rule: it matches a proposal declaring any of its jurisdictions and in any of its sectors. */
export const PackRule = z
  .strictObject({
    jurisdictions: z.array(Jurisdiction).min(1).max(50).optional(),
    sectors: z.array(Sector).min(1).max(Sector.options.length).optional(),
    pack: packName,
  })
  .refine((r) => r.jurisdictions !== undefined || r.sectors !== undefined, {
    message: 'a rule names jurisdictions, sectors or both',
  });
export type PackRule = z.infer<typeof PackRule>;

/**
 * How the organisation chooses the pack for a proposal: the first rule that matches, else the default. The proposer
 * never chooses; they only declare facts (sector, jurisdictions) that the rules read.
 */
export const PackSelection = z.strictObject({
  default: packName.optional(),
  rules: z.array(PackRule).max(100).default([]),
});
export type PackSelection = z.infer<typeof PackSelection>;

/** The pack that applies to a proposal under the selection (`fallback` when the selection names no default). */
export function selectPack(selection: PackSelection, proposal: Proposal, fallback: string): string {
  const declared = new Set(proposal.jurisdictions ?? []);
  const rule = selection.rules.find(
    (r) =>
      (r.jurisdictions === undefined || r.jurisdictions.some((j) => declared.has(j))) &&
      (r.sectors === undefined || r.sectors.includes(proposal.sector)),
  );
  return rule?.pack ?? selection.default ?? fallback;
}
