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

/** What the selection reads of a proposal: where it runs and its sector. */
export type RegimeFacts = Pick<Proposal, 'jurisdictions' | 'sector'>;

const covers = (r: PackRule, jurisdiction: string | undefined, sector: string): boolean =>
  (r.jurisdictions === undefined || (jurisdiction !== undefined && r.jurisdictions.some((j) => j === jurisdiction))) &&
  (r.sectors === undefined || r.sectors.some((s) => s === sector));

/**
 * Every pack that applies to a proposal, for a system that runs under several regimes at once: for each declared
 * jurisdiction the first rule covering it (and the sector), else the default; in rule order, default last, each once.
 */
export function selectPacks(selection: PackSelection, proposal: RegimeFacts, fallback: string): string[] {
  const declared: (string | undefined)[] = proposal.jurisdictions?.length ? proposal.jurisdictions : [undefined];
  const chosen = new Set<number>();
  let uncovered = false;
  for (const j of declared) {
    const i = selection.rules.findIndex((r) => covers(r, j, proposal.sector));
    if (i === -1) uncovered = true;
    else chosen.add(i);
  }
  const packs = [...chosen].sort((a, b) => a - b).map((i) => selection.rules[i]!.pack);
  if (uncovered) packs.push(selection.default ?? fallback);
  return [...new Set(packs)];
}

/** The primary pack of a proposal under the selection: the first rule that matches, else the default (`fallback` when none). */
export function selectPack(selection: PackSelection, proposal: RegimeFacts, fallback: string): string {
  return selectPacks(selection, proposal, fallback)[0]!;
}
