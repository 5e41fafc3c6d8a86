import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { loadPolicyPack } from '../../adapters/policy-files.ts';
import type { PolicyPack } from '../../domain/policy-pack.ts';
import { Proposal } from '../../domain/proposal.ts';
import type { ProposalInput } from '../../domain/proposal.ts';

export const POLICY_DIR = fileURLToPath(new URL('../../policies', import.meta.url));
export const ROSTER_DIR = fileURLToPath(new URL('../../policies/rosters', import.meta.url));
export const EXAMPLES_DIR = fileURLToPath(new URL('../../examples', import.meta.url));
export const PACK_NAMES = ['ai-governance-code-2026', 'eu-ai-act', 'test'] as const;

/** The screening question ids of the shipped packs (read from their files), each answered no. */
export const NO_ANSWERS: Record<string, boolean> = Object.fromEntries(
  PACK_NAMES.flatMap((n) => {
    const pack = parse(readFileSync(`${POLICY_DIR}/${n}.yaml`, 'utf8')) as { screening?: { questions: { id: string }[] } };
    return (pack.screening?.questions ?? []).map((q) => [q.id, false] as const);
  }),
);

/** Every shipped pack, loaded from its file. */
export async function loadShippedPacks(): Promise<PolicyPack[]> {
  return Promise.all(PACK_NAMES.map((n) => loadPolicyPack(POLICY_DIR, n)));
}

/** A low-risk proposal with full evidence: no shipped rule fires on it. */
export function cleanProposalInput(): ProposalInput {
  return {
    systemId: 'clean-system',
    name: 'Clean system',
    ownerTeam: 'Team',
    proposer: 'pat',
    owner: 'olive',
    sector: 'other',
    purpose: 'Rank internal manuals.',
    deploymentContext: 'Intranet.',
    practices: [],
    affected: { monthlyUsers: 100, minors: false, vulnerableGroups: false },
    model: { type: 'recommender', largeScale: false },
    oversight: { autonomy: 'advisory', canOverride: ['olive'], canStop: ['olive'] },
    dataCategories: [],
    evidence: {
      safety: { tested: true, redTeaming: true },
      dataEthics: { provenanceDocumented: true, consentObtained: true },
      privacy: { impactAssessment: true, minimisation: true },
      bias: { evaluated: true, metrics: ['parity'], groups: ['department'] },
      explainability: { approach: 'Highlights passages.', userFacingExplanations: true },
    },
    screening: { ...NO_ANSWERS },
  };
}

/** A valid training-data summary, to be edited by tests. */
export function trainingDataSummary(): NonNullable<ProposalInput['trainingDataSummary']> {
  return {
    general: { modelName: 'M', modelVersion: '1', modalities: ['text'], size: '1T tokens', dataCutoff: '2026-01-01' },
    sources: { public: true, licensed: false, user: false, synthetic: false, webTopDomains: ['example.org'] },
    processing: { copyrightOptOutsHonoured: true, illegalContentRemoved: true },
  };
}

/** Parses an edited clean proposal. */
export function proposalWith(edit: (p: ProposalInput) => void): Proposal {
  const input = cleanProposalInput();
  edit(input);
  return Proposal.parse(input);
}
