import { describe, expect, it } from 'vitest';
import { assessRisk } from '../../domain/assess-risk.ts';
import type { PolicyPack } from '../../domain/policy-pack.ts';
import type { Practice, ProposalInput } from '../../domain/proposal.ts';
import { loadShippedPacks, proposalWith, trainingDataSummary } from './policy-fixtures.ts';

const [agc, eu] = (await loadShippedPacks()) as [PolicyPack, PolicyPack, PolicyPack];
const packs: Record<string, PolicyPack> = { 'ai-governance-code-2026': agc, 'eu-ai-act': eu };
type Edit = (p: ProposalInput) => void;
const yes =
  (...ids: string[]): Edit =>
  (p) =>
    ids.forEach((id) => (p.screening![id] = true));
const text =
  (purpose: string): Edit =>
  (p) =>
    (p.purpose = purpose);

// One case per rule and duty the other tables do not name, each titled with its source (see docs/traceability.md).
describe('prohibited practices', () => {
  it.each([
    ['eu-ai-act', 'art5-untargeted-facial-scraping', 'untargeted_facial_scraping', 'EU AI Act Art. 5(1)(e)'],
    ['eu-ai-act', 'art5-emotion-recognition-work-school', 'emotion_recognition_workplace', 'EU AI Act Art. 5(1)(f)'],
    ['eu-ai-act', 'art5-subliminal-manipulation', 'subliminal_manipulation', 'EU AI Act Art. 5(1)(a)'],
    ['eu-ai-act', 'art5-exploiting-vulnerabilities', 'exploiting_vulnerabilities', 'EU AI Act Art. 5(1)(b)'],
    ['eu-ai-act', 'art5-predictive-policing', 'predictive_policing_profiling', 'EU AI Act Art. 5(1)(d)'],
    ['eu-ai-act', 'art5-biometric-categorisation', 'biometric_categorisation_sensitive', 'EU AI Act Art. 5(1)(g)'],
    [
      'eu-ai-act',
      'art5-realtime-remote-biometric-id',
      'realtime_remote_biometric_identification',
      'EU AI Act Art. 5(1)(h)',
    ],
    [
      'ai-governance-code-2026',
      'subliminal-manipulation',
      'subliminal_manipulation',
      'AI Governance Code 2026, prohibited uses',
    ],
  ] as const)('%s %s (%s practice, %s) prohibits', (pack, id, practice, source) => {
    const a = assessRisk(
      proposalWith((p) => (p.practices = [practice as Practice])),
      packs[pack]!,
    );
    expect(a.tier).toBe('prohibited');
    expect(a.prohibitedMatches.map((m) => m.id)).toContain(id);
    expect(packs[pack]!.prohibitedUses.find((u) => u.id === id)?.source).toBe(source);
  });
});

describe('high-impact sectors', () => {
  it.each([
    ['ai-governance-code-2026', 'finance', 'AI Governance Code 2026, high-impact sectors'],
    ['eu-ai-act', 'education', 'EU AI Act Annex III 3, 5(d); Annex I'],
  ] as const)('%s: "high-impact-sectors" puts %s at high (%s)', (pack, sector, source) => {
    const a = assessRisk(
      proposalWith((p) => (p.sector = sector)),
      packs[pack]!,
    );
    expect([a.highImpactSector, a.tier]).toEqual([true, 'high']);
    expect(packs[pack]!.highImpactSectors.source).toBe(source);
  });
});

describe('screening flags over the free text', () => {
  it.each([
    ['ai-governance-code-2026', 'finance-in-text', 'Offer instant loans to shop customers.'],
    ['ai-governance-code-2026', 'public-opinion-in-text', '监测舆情并推荐热搜话题'],
    ['ai-governance-code-2026', 'synthetic-media-in-text', 'Face swap videos for ads.'],
    ['eu-ai-act', 'credit-in-text', 'Set credit limits for app users.'],
    ['eu-ai-act', 'insurance-in-text', 'Price life insurance policies.'],
    ['eu-ai-act', 'deepfake-in-text', 'Voice cloning of celebrities for fan messages.'],
    ['eu-ai-act', 'emotion-in-text', 'Detect the emotions of shoppers at the till.'],
    ['eu-ai-act', 'biometric-id-in-text', '在门店使用人脸识别识别回头客'],
    ['eu-ai-act', 'employment-in-text', 'Rank candidates for warehouse jobs.'],
  ] as const)('%s %s fires on "%s" and raises the tier to its floor, citing its source', (pack, flagId, purpose) => {
    const flag = packs[pack]!.screening!.flags.find((f) => f.id === flagId)!;
    const a = assessRisk(proposalWith(text(purpose)), packs[pack]!);
    const fired = a.screening!.flags.find((f) => f.flagId === flagId);
    expect(fired).toMatchObject({ answer: false, source: flag.source, minTier: flag.minTier });
    expect(a.tier).toBe(flag.minTier);
  });
});

describe('obligations, each with its source', () => {
  const foundation: Edit = (p) => (p.model = { type: 'foundation', largeScale: false });
  it.each([
    [
      'ai-governance-code-2026',
      'expert-re-review',
      yes('public-opinion-mobilisation'),
      'China ethics review measures (2023), expert re-review',
    ],
    ['ai-governance-code-2026', 'sensitive-pi-impact-assessment', yes('biometrics'), 'PIPL Art. 55'],
    ['eu-ai-act', 'eu-database-registration', yes('employment'), 'EU AI Act Art. 49'],
    ['eu-ai-act', 'human-oversight-assigned', yes('employment'), 'EU AI Act Art. 14, Art. 26(2)'],
    ['eu-ai-act', 'post-market-monitoring-report', yes('employment'), 'EU AI Act Art. 72'],
    ['eu-ai-act', 'gpai-training-content-summary', foundation, 'EU AI Act Art. 53(1)(d)'],
    ['eu-ai-act', 'gpai-copyright-policy', foundation, 'EU AI Act Art. 53(1)(c)'],
    [
      'eu-ai-act',
      'gpai-systemic-risk-evaluation',
      (p) => (p.model.trainingComputeFlop = 3e25),
      'EU AI Act Art. 55(1)(a)(b)',
    ],
    [
      'eu-ai-act',
      'gpai-systemic-risk-incidents',
      (p) => (p.model.trainingComputeFlop = 1e25),
      'EU AI Act Art. 55(1)(c)',
    ],
    [
      'eu-ai-act',
      'gpai-systemic-risk-cybersecurity',
      (p) => (p.model.trainingComputeFlop = 1e26),
      'EU AI Act Art. 55(1)(d)',
    ],
    ['eu-ai-act', 'emotion-biometric-notice', yes('emotion-or-biometric-categorisation'), 'EU AI Act Art. 50(3)'],
    ['eu-ai-act', 'gpai-technical-documentation', yes('general-purpose-model'), 'EU AI Act Art. 53(1)(a)'],
    ['eu-ai-act', 'gpai-downstream-information', yes('general-purpose-model'), 'EU AI Act Art. 53(1)(b)'],
  ] as [string, string, Edit, string][])('%s %s applies when it should (%s)', (pack, id, edit, source) => {
    expect(
      assessRisk(
        proposalWith(() => undefined),
        packs[pack]!,
      ).obligations?.conditions.map((c) => c.id),
    ).not.toContain(id);
    const condition = assessRisk(proposalWith(edit), packs[pack]!).obligations?.conditions.find((c) => c.id === id);
    expect(condition?.source).toBe(source);
  });

  it('"gpai-systemic-risk": a model trained with 10^25 FLOP or more is presumed to carry systemic risk (EU AI Act Art. 51(2))', () => {
    const below = assessRisk(
      proposalWith((p) => (p.model.trainingComputeFlop = 9.9e24)),
      eu,
    );
    const at = assessRisk(
      proposalWith((p) => (p.model.trainingComputeFlop = 1e25)),
      eu,
    );
    expect(below.firedRules.map((r) => r.ruleId)).not.toContain('gpai-systemic-risk');
    expect(at.firedRules.map((r) => r.ruleId)).toContain('gpai-systemic-risk');
    expect(at.tier).toBe('high');
  });

  it('"transparency-report": large-scale generative systems report every six months (AI Governance Code 2026, six-monthly transparency reports)', () => {
    const a = assessRisk(
      proposalWith((p) => {
        p.model = { type: 'generative', largeScale: true };
        p.trainingDataSummary = trainingDataSummary();
      }),
      agc,
    );
    expect(a.obligations?.transparencyReport).toEqual({ cadence: 'P6M', grace: 'P14D' });
  });
});
