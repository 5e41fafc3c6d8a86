import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import canonicalize from 'canonicalize';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assessRisk } from '../../domain/assess-risk.ts';
import { Pillar, tierRank } from '../../domain/policy-pack.ts';
import type { PolicyPack } from '../../domain/policy-pack.ts';
import { Autonomy, DataCategory, ModelType, Practice, Proposal, Sector } from '../../domain/proposal.ts';
import type { ProposalInput } from '../../domain/proposal.ts';
import { loadPolicyPack } from '../../adapters/policy-files.ts';
import {
  PACK_NAMES,
  POLICY_DIR,
  cleanProposalInput,
  loadShippedPacks,
  trainingDataSummary,
} from './policy-fixtures.ts';

const packs = await loadShippedPacks();
type Edit = (p: ProposalInput, pack: PolicyPack) => void;

const optional = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
const arbEvidence = fc.record(
  {
    safety: fc.record({ tested: fc.boolean(), redTeaming: fc.boolean() }),
    dataEthics: fc.record({ provenanceDocumented: fc.boolean(), consentObtained: fc.boolean() }),
    privacy: fc.record({ impactAssessment: fc.boolean(), minimisation: fc.boolean() }),
    bias: fc.record({
      evaluated: fc.boolean(),
      metrics: fc.subarray(['parity', 'equal opportunity']),
      groups: fc.subarray(['sex', 'age']),
    }),
    explainability: fc.record({ approach: fc.constant('Reason codes.'), userFacingExplanations: fc.boolean() }),
  },
  { requiredKeys: [] },
);
const arbSummary = fc
  .record({ optOuts: fc.boolean(), illegalRemoved: fc.boolean() })
  .map(({ optOuts, illegalRemoved }) => {
    const s = trainingDataSummary();
    s.processing = { copyrightOptOutsHonoured: optOuts, illegalContentRemoved: illegalRemoved };
    return s;
  });

/** Random proposals over every field the shipped rules read. */
const arbProposal: fc.Arbitrary<ProposalInput> = fc
  .record({
    sector: fc.constantFrom(...Sector.options),
    practices: fc.subarray([...Practice.options], { maxLength: 3 }),
    monthlyUsers: fc.integer({ min: 0, max: 50_000_000 }),
    minors: fc.boolean(),
    vulnerableGroups: fc.boolean(),
    type: fc.constantFrom(...ModelType.options),
    largeScale: fc.boolean(),
    autonomy: fc.constantFrom(...Autonomy.options),
    canOverride: fc.subarray(['olive', 'sam']),
    canStop: fc.subarray(['olive', 'sam']),
    dataCategories: fc.subarray([...DataCategory.options]),
    evidence: arbEvidence,
    summary: optional(arbSummary),
  })
  .map((r) => {
    const p = cleanProposalInput();
    p.sector = r.sector;
    p.practices = r.practices;
    p.affected = { monthlyUsers: r.monthlyUsers, minors: r.minors, vulnerableGroups: r.vulnerableGroups };
    p.model = { type: r.type, largeScale: r.largeScale };
    p.oversight = { autonomy: r.autonomy, canOverride: r.canOverride, canStop: r.canStop };
    p.dataCategories = r.dataCategories;
    p.evidence = r.evidence;
    if (r.summary) p.trainingDataSummary = r.summary;
    return p;
  });

const riskFactors: [string, Edit][] = [
  ['a practice', (p) => (p.practices = [...new Set([...(p.practices ?? []), 'credit_scoring' as const])])],
  ['a prohibited practice', (p) => (p.practices = [...(p.practices ?? []), 'social_scoring'])],
  ['a data category', (p) => (p.dataCategories = [...new Set([...(p.dataCategories ?? []), 'biometric' as const])])],
  ['more people affected', (p) => (p.affected.monthlyUsers = p.affected.monthlyUsers * 10 + 1_000_000)],
  ['minors', (p) => (p.affected.minors = true)],
  ['vulnerable groups', (p) => (p.affected.vulnerableGroups = true)],
  ['full autonomy', (p) => (p.oversight.autonomy = 'autonomous')],
  ['nobody who can stop it', (p) => (p.oversight.canStop = [])],
  ['nobody who can override it', (p) => (p.oversight.canOverride = [])],
  ['large scale', (p) => (p.model.largeScale = true)],
  ['a general-purpose model', (p) => (p.model.type = 'foundation')],
  ['a high-impact sector', (p, pack) => (p.sector = pack.highImpactSectors.sectors[0] ?? p.sector)],
];

const evidenceRemovals: [string, (p: ProposalInput) => void][] = [
  ...(['safety', 'dataEthics', 'privacy', 'bias', 'explainability'] as const).map(
    (k): [string, (p: ProposalInput) => void] => [`evidence.${k}`, (p) => delete p.evidence?.[k]],
  ),
  ['all evidence', (p) => delete p.evidence],
  ['a safety test', (p) => p.evidence?.safety && (p.evidence.safety.tested = false)],
  ['consent', (p) => p.evidence?.dataEthics && (p.evidence.dataEthics.consentObtained = false)],
  ['bias metrics', (p) => p.evidence?.bias && (p.evidence.bias.metrics = [])],
  ['the training-data summary', (p) => delete p.trainingDataSummary],
  [
    'opt-out evidence',
    (p) => p.trainingDataSummary && (p.trainingDataSummary.processing.copyrightOptOutsHonoured = false),
  ],
];

const assess = (input: ProposalInput, pack: PolicyPack) => assessRisk(Proposal.parse(input), pack);

describe('risk assessment properties', () => {
  it.each(packs.flatMap((pack) => riskFactors.map(([name, edit]) => ({ pack, name, edit }))))(
    '$pack.name: adding $name never lowers the tier',
    ({ pack, edit }) => {
      fc.assert(
        fc.property(arbProposal, (input) => {
          const before = assess(input, pack);
          const riskier = structuredClone(input);
          edit(riskier, pack);
          expect(tierRank(assess(riskier, pack).tier)).toBeGreaterThanOrEqual(tierRank(before.tier));
        }),
        { numRuns: 100 },
      );
    },
  );

  it.each(packs.flatMap((pack) => evidenceRemovals.map(([name, edit]) => ({ pack, name, edit }))))(
    '$pack.name: removing $name never lowers a pillar score or the tier',
    ({ pack, edit }) => {
      fc.assert(
        fc.property(arbProposal, (input) => {
          const before = assess(input, pack);
          const weaker = structuredClone(input);
          edit(weaker);
          const after = assess(weaker, pack);
          for (const pillar of Pillar.options)
            expect(after.pillarScores[pillar]).toBeGreaterThanOrEqual(before.pillarScores[pillar]);
          expect(tierRank(after.tier)).toBeGreaterThanOrEqual(tierRank(before.tier));
        }),
        { numRuns: 100 },
      );
    },
  );

  it.each(packs)('$name: the same input gives the same assessment and the same hash', (pack) => {
    const hash = (v: unknown) => bytesToHex(sha256(utf8ToBytes(canonicalize(v)!)));
    fc.assert(
      fc.property(arbProposal, (input) => {
        const a = assess(input, pack);
        const b = assess(structuredClone(input), structuredClone(pack));
        expect(b).toEqual(a);
        expect(hash(b)).toBe(hash(a));
        expect(a.policyVersion).toBe(pack.policyVersion);
      }),
      { numRuns: 200 },
    );
  });

  it.each(PACK_NAMES)('%s: loading twice gives the same content hash', async (name) => {
    const [a, b] = await Promise.all([loadPolicyPack(POLICY_DIR, name), loadPolicyPack(POLICY_DIR, name)]);
    expect(a.contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(b.contentHash).toBe(a.contentHash);
  });

  it('pillar scores add up to the total and equal the fired rules', () => {
    fc.assert(
      fc.property(arbProposal, fc.constantFrom(...packs), (input, pack) => {
        const a = assess(input, pack);
        const sum = Object.values(a.pillarScores).reduce((x, y) => x + y, 0);
        expect(sum).toBe(a.totalScore);
        expect(a.firedRules.reduce((x, r) => x + r.score, 0)).toBe(a.totalScore);
      }),
    );
  });
});
