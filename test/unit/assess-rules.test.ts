import { describe, expect, it } from 'vitest';
import { assessRisk } from '../../domain/assess-risk.ts';
import type { Practice, ProposalInput } from '../../domain/proposal.ts';
import { cleanProposalInput, loadShippedPacks, proposalWith, trainingDataSummary } from './policy-fixtures.ts';

const packs = await loadShippedPacks();
type Edit = (p: ProposalInput) => void;

const ev = (p: ProposalInput) => p.evidence!;
const largeGenerative: Edit = (p) => (p.model = { type: 'generative', largeScale: true });

// One edit of the clean proposal per rule id that makes that rule fire; shared across packs where ids match.
const triggers: Record<string, Edit> = {
  'safety-untested': (p) => (ev(p).safety!.tested = false),
  'safety-no-red-teaming': (p) => (ev(p).safety!.redTeaming = false),
  'safety-autonomous': (p) => (p.oversight.autonomy = 'autonomous'),
  'safety-no-stop': (p) => (p.oversight.canStop = []),
  'safety-large-scale-generative': largeGenerative,
  'data-no-provenance': (p) => (ev(p).dataEthics!.provenanceDocumented = false),
  'data-no-consent': (p) => ((p.dataCategories = ['personal']), (ev(p).dataEthics!.consentObtained = false)),
  'data-no-training-summary': largeGenerative,
  'data-opt-outs-not-shown': (p) => {
    p.model = { type: 'generative', largeScale: false };
    p.trainingDataSummary = trainingDataSummary();
    p.trainingDataSummary.processing.copyrightOptOutsHonoured = false;
  },
  'data-illegal-content-not-removed': (p) => {
    p.model = { type: 'foundation', largeScale: false };
    p.trainingDataSummary = trainingDataSummary();
    p.trainingDataSummary.processing.illegalContentRemoved = false;
  },
  'privacy-sensitive-data': (p) => (p.dataCategories = ['health']),
  'privacy-biometric': (p) => (p.dataCategories = ['biometric']),
  'privacy-no-pia': (p) => ((p.dataCategories = ['personal']), (ev(p).privacy!.impactAssessment = false)),
  'privacy-no-minimisation': (p) => ((p.dataCategories = ['personal']), (ev(p).privacy!.minimisation = false)),
  'bias-not-evaluated': (p) => (ev(p).bias!.evaluated = false),
  'bias-no-metrics': (p) => (ev(p).bias!.metrics = []),
  'bias-no-groups': (p) => (ev(p).bias!.groups = []),
  'bias-vulnerable-groups': (p) => (p.affected.vulnerableGroups = true),
  'bias-minors': (p) => (p.dataCategories = ['children']),
  'bias-large-population': (p) => (p.affected.monthlyUsers = 1_000_000),
  'xai-no-approach': (p) => delete ev(p).explainability,
  'xai-no-user-explanations': (p) => {
    p.oversight.autonomy = 'human_on_the_loop';
    ev(p).explainability!.userFacingExplanations = false;
  },
  'annex-iii-area': (p) => (p.practices = ['employment_decisions']),
  'art14-no-stop': (p) => (p.oversight.canStop = []),
  'art14-no-override': (p) => (p.oversight.canOverride = []),
  'art15-untested': (p) => delete ev(p).safety,
  'art10-no-provenance': (p) => delete ev(p).dataEthics,
  'gpai-no-training-summary': (p) => (p.model = { type: 'foundation', largeScale: false }),
  'gpai-opt-outs-not-shown': (p) => (p.model = { type: 'generative', largeScale: false }),
  'gdpr-special-categories': (p) => (p.dataCategories = ['biometric']),
  'privacy-no-dpia': (p) => ((p.dataCategories = ['financial']), delete ev(p).privacy),
  'art10-bias-not-examined': (p) => delete ev(p).bias,
  'bias-vulnerable-or-minors': (p) => (p.affected.minors = true),
  'art13-no-explainability': (p) => delete ev(p).explainability,
  'art50-generated-content': (p) => (p.practices = ['content_generation']),
  'gpai-systemic-risk': (p) => (p.model.trainingComputeFlop = 1e25),
};

const ruleRows = packs.flatMap((pack) => pack.rules.map((rule) => ({ pack, rule, name: `${pack.name}: ${rule.id}` })));
const prohibitedRows = packs.flatMap((pack) =>
  pack.prohibitedUses.map((use) => ({ pack, use, name: `${pack.name}: ${use.id}` })),
);

describe('shipped pack rules', () => {
  it.each(packs)('$name: no rule fires on a clean, fully evidenced proposal', (pack) => {
    const a = assessRisk(
      proposalWith(() => {}),
      pack,
    );
    expect(a.firedRules).toEqual([]);
    expect(a.tier).toBe('minimal');
  });

  it.each(ruleRows)('$name fires with its score, pillar and reason', ({ pack, rule }) => {
    const edit = triggers[rule.id];
    expect(edit, `no trigger written for rule ${rule.id}`).toBeDefined();
    const a = assessRisk(proposalWith(edit!), pack);
    expect(a.firedRules).toContainEqual({
      ruleId: rule.id,
      pillar: rule.pillar,
      score: rule.score,
      reason: rule.reason,
    });
    expect(a.pillarScores[rule.pillar]).toBeGreaterThanOrEqual(rule.score);
    if (rule.minTier) expect(['limited', 'high']).toContain(a.tier);
    if (rule.minTier === 'high') expect(a.tier).toBe('high');
  });

  it.each(prohibitedRows)('$name makes the proposal prohibited, with no obligations', ({ pack, use }) => {
    // Every shipped prohibition is a single `practices` eq/in condition; use its (first) practice.
    const when = use.when as { path: string; eq?: Practice; in?: Practice[] };
    expect(when.path).toBe('practices');
    const practice = (when.eq ?? when.in?.[0])!;
    const a = assessRisk(
      proposalWith((p) => (p.practices = [practice])),
      pack,
    );
    expect(a.tier).toBe('prohibited');
    expect(a.prohibitedMatches).toContainEqual({ id: use.id, reason: use.reason });
    expect(a.obligations).toBeNull();
  });

  it.each(packs.flatMap((pack) => pack.highImpactSectors.sectors.map((sector) => ({ pack, sector }))))(
    '$pack.name: sector $sector raises a clean proposal to $pack.highImpactSectors.minTier',
    ({ pack, sector }) => {
      const a = assessRisk(
        proposalWith((p) => (p.sector = sector)),
        pack,
      );
      expect(a.tier).toBe(pack.highImpactSectors.minTier);
      expect(a.highImpactSector).toBe(true);
      expect(a.obligations).toEqual(
        expect.objectContaining({ committee: pack.tiers[pack.highImpactSectors.minTier].committee }),
      );
    },
  );

  it.each(packs)('$name: score thresholds set the tier', (pack) => {
    const base = assessRisk(
      proposalWith(() => {}),
      pack,
    );
    expect(base.tierReasons[0]).toContain('gives minimal');
    const risky = assessRisk(
      proposalWith((p) => {
        p.oversight.canStop = [];
        p.oversight.canOverride = [];
        p.evidence = {};
        p.dataCategories = ['personal', 'health'];
      }),
      pack,
    );
    expect(risky.totalScore).toBeGreaterThanOrEqual(pack.thresholds.high);
    expect(risky.tier).toBe('high');
  });

  it.each(packs.filter((p) => p.extraConditions.length > 0))(
    '$name: conditional obligations attach only to matching proposals',
    (pack) => {
      for (const extra of pack.extraConditions) {
        const plain = assessRisk(
          proposalWith(() => {}),
          pack,
        );
        expect(plain.obligations!.conditions.map((c) => c.id)).not.toContain(extra.condition.id);
        const when = JSON.stringify(extra.when);
        const model = when.includes('largeScale')
          ? { type: 'generative' as const, largeScale: true }
          : when.includes('trainingComputeFlop')
            ? { type: 'foundation' as const, largeScale: false, trainingComputeFlop: 1e25 }
            : { type: 'foundation' as const, largeScale: false };
        const matched = assessRisk(
          proposalWith((p) => (p.model = model)),
          pack,
        );
        expect(matched.obligations!.conditions).toContainEqual(extra.condition);
      }
    },
  );

  it.each(packs.filter((p) => p.transparencyReport))(
    '$name: only large-scale generative systems report on transparency',
    (pack) => {
      expect(
        assessRisk(
          proposalWith(() => {}),
          pack,
        ).obligations!.transparencyReport,
      ).toBeUndefined();
      const a = assessRisk(proposalWith(largeGenerative), pack);
      expect(a.obligations!.transparencyReport).toEqual({
        cadence: pack.transparencyReport!.cadence,
        grace: pack.transparencyReport!.grace,
      });
    },
  );

  it('the clean proposal itself is valid input', () => {
    expect(() => proposalWith(() => {})).not.toThrow();
    expect(cleanProposalInput().evidence).toBeDefined();
  });
});
