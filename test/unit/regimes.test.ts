import { describe, expect, it } from 'vitest';
import { assessRisk } from '../../domain/assess-risk.ts';
import { combineAssessments } from '../../domain/combine-assessments.ts';
import { PackSelection, selectPacks } from '../../domain/pack-selection.ts';
import type { PolicyPack } from '../../domain/policy-pack.ts';
import { loadPackSelection } from '../../adapters/policy-files.ts';
import { fileURLToPath } from 'node:url';
import { loadShippedPacks, proposalWith } from './policy-fixtures.ts';

const [agc, eu] = (await loadShippedPacks()) as [PolicyPack, PolicyPack, PolicyPack];
const exampleSelection = await loadPackSelection(
  fileURLToPath(new URL('../../examples/config/pack-selection.yaml', import.meta.url)),
);

describe('several regimes at once', () => {
  it.each([
    [['EU'], ['eu-ai-act']],
    [['CN'], ['ai-governance-code-2026']],
    [
      ['EU', 'CN'],
      ['eu-ai-act', 'ai-governance-code-2026'],
    ],
    [['FR', 'DE'], ['eu-ai-act']],
    [[], ['ai-governance-code-2026']],
  ])('a system declaring %j runs under %j (the example selection)', (jurisdictions, packs) => {
    expect(
      selectPacks(
        exampleSelection,
        proposalWith((p) => (p.jurisdictions = jurisdictions)),
        'x',
      ),
    ).toEqual(packs);
  });

  it('a sector rule covers every jurisdiction it is asked about, the default only the uncovered ones', () => {
    const selection = PackSelection.parse({
      default: 'd',
      rules: [
        { sectors: ['finance'], pack: 'bank' },
        { jurisdictions: ['EU'], pack: 'eu' },
      ],
    });
    const finance = proposalWith((p) => ((p.sector = 'finance'), (p.jurisdictions = ['EU', 'CN'])));
    expect(selectPacks(selection, finance, 'x')).toEqual(['bank']);
    expect(
      selectPacks(
        selection,
        proposalWith((p) => (p.jurisdictions = ['EU', 'CN'])),
        'x',
      ),
    ).toEqual(['eu', 'd']);
  });

  it('the strictest tier decides, with the reason naming every regime (EU AI Act Annex III 4)', () => {
    const hiring = proposalWith((p) => (p.screening!.employment = true));
    const [underEu, underAgc] = [assessRisk(hiring, eu), assessRisk(hiring, agc)];
    expect([underEu.tier, underAgc.tier]).toEqual(['high', 'minimal']);
    for (const order of [
      [underEu, underAgc],
      [underAgc, underEu],
    ]) {
      const a = combineAssessments(order);
      expect(a.tier).toBe('high');
      expect(a.policyVersion).toBe(eu.policyVersion);
      expect(a.obligations?.committee).toBe(eu.tiers.high.committee);
      expect(a.regimes?.map((r) => r.tier).sort()).toEqual(['high', 'minimal']);
      expect(a.tierReasons[0]).toMatch(/^assessed under 2 regimes .*the strictest, eu-ai-act, decides/);
    }
  });

  it('obligations are merged: each condition once, naming its pack and article; the shortest intervals win', () => {
    const credit = proposalWith((p) => {
      p.sector = 'finance';
      p.screening!.creditworthiness = true;
      p.screening!['finance-decisions'] = true;
      p.screening!['interacts-with-people'] = true;
    });
    const a = combineAssessments([assessRisk(credit, eu), assessRisk(credit, agc)]);
    const byId = new Map(a.obligations!.conditions.map((c) => [c.id, c]));
    expect(byId.get('conformity-assessment')).toMatchObject({ pack: 'eu-ai-act' });
    expect(byId.get('audit-trail')).toMatchObject({ pack: 'ai-governance-code-2026' });
    expect(byId.get('ai-interaction-disclosure')).toMatchObject({ pack: 'eu-ai-act', source: 'EU AI Act Art. 50(1)' });
    expect(a.obligations!.conditions.filter((c) => c.id === 'ai-interaction-disclosure')).toHaveLength(1);
    expect(a.obligations!.reReviewInterval).toBe('P6M');
  });

  it('a use prohibited under any regime is prohibited, with the pack named', () => {
    const scoring = proposalWith((p) => (p.screening!['predictive-policing'] = true));
    const a = combineAssessments([assessRisk(scoring, agc), assessRisk(scoring, eu)]);
    expect(a.tier).toBe('prohibited');
    expect(a.obligations).toBeNull();
    expect(a.prohibitedMatches.map((m) => m.id)).toEqual(['eu-ai-act:screening-predictive-policing']);
  });

  it("under one regime the assessment is that regime's, unchanged", () => {
    const one = assessRisk(
      proposalWith(() => undefined),
      eu,
    );
    expect(combineAssessments([one])).toBe(one);
  });
});
