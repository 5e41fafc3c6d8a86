import { describe, expect, it } from 'vitest';
import { assessRisk, dutiesNotYetInForce } from '../../../domain/assess-risk.ts';
import { DomainError } from '../../../domain/errors.ts';
import { incidentDeadline, incidentSuspends } from '../../../domain/incident-deadline.ts';
import { parsePolicyPack } from '../../../domain/parse-policy-pack.ts';
import type { PolicyPack } from '../../../domain/policy-pack.ts';
import type { ProposalInput } from '../../../domain/proposal.ts';
import { loadShippedPacks, proposalWith } from '../policy-fixtures.ts';

const [, eu] = (await loadShippedPacks()) as [PolicyPack, PolicyPack, PolicyPack];
const HASH = 'a'.repeat(64);
type Edit = (p: ProposalInput) => void;
const yes = (...ids: string[]): Edit => (p) => ids.forEach((id) => (p.screening![id] = true));
const both = (...edits: Edit[]): Edit => (p) => edits.forEach((e) => e(p));
const ids = (edit: Edit, on?: string) => assessRisk(proposalWith(edit), eu, on ? { assessedFor: on } : {}).obligations?.conditions.map((c) => c.id) ?? [];
const refusedAt = (raw: object): string[] => {
  try {
    parsePolicyPack(raw, HASH);
  } catch (e) {
    if (e instanceof DomainError) return e.issues.map((i) => `${i.path}: ${i.message}`);
  }
  return [];
};
const euFile: Record<string, unknown> = { ...eu };
delete euFile.contentHash;
delete euFile.policyVersion;

describe('EU AI Act Art. 6(3): the derogation is a claim the committee decides, never the assessment', () => {
  const claim = (profilesPeople = false): Edit => (p) => {
    p.derogationClaim = { ground: 'preparatory_task', justification: 'Only sorts files before a caseworker reads them.', profilesPeople };
  };

  it('a claim on an Annex III system keeps the tier high, is recorded, and asks for the decision (EU AI Act Art. 6(3))', () => {
    const a = assessRisk(proposalWith(both(yes('public-benefits'), claim())), eu);
    expect(a.tier).toBe('high');
    expect(a.derogation).toMatchObject({ ground: 'preparatory_task', status: 'claimed', source: 'EU AI Act Art. 6(3)' });
    expect(a.tierReasons.some((r) => r.includes('the tier stays high until the committee accepts the claim explicitly'))).toBe(true);
    const conditions = a.obligations?.conditions.map((c) => c.id);
    expect(conditions).toContain('art6-3-derogation-decision');
    expect(conditions).toContain('art6-4-derogation-documented');
    expect(conditions).toContain('conformity-assessment');
  });

  it('an accepted claim makes the system not high-risk: the pack\'s tier for it, without the high tier\'s duties, keeping Art. 6(4) documentation and registration (EU AI Act Art. 6(3), 6(4))', () => {
    const edit = both(yes('public-benefits', 'public-body-deployer'), claim());
    const a = assessRisk(proposalWith(edit), eu, { derogationAccepted: true });
    expect(eu.derogation?.accepted?.tier).toBe('limited');
    expect(a.tier).toBe('limited');
    expect(a.derogation).toMatchObject({ ground: 'preparatory_task', status: 'accepted' });
    expect(a.tierReasons.at(-1)).toMatch(/the committee accepted the EU AI Act Art\. 6\(3\) derogation .* reviewed as limited/);
    const conditions = a.obligations?.conditions.map((c) => c.id) ?? [];
    expect(conditions).toContain('art6-4-derogation-documented');
    for (const gone of ['conformity-assessment', 'fundamental-rights-impact-assessment', 'post-market-monitoring-report', 'art6-3-derogation-decision'])
      expect(conditions).not.toContain(gone);
    expect(a.obligations?.committee).toBe(eu.tiers.limited.committee);
    // Without the acceptance, the same proposal stays high with every duty.
    expect(assessRisk(proposalWith(edit), eu).tier).toBe('high');
  });

  it('an acceptance never lowers the tier of a system that profiles people (EU AI Act Art. 6(3), last subparagraph)', () => {
    const a = assessRisk(proposalWith(both(yes('employment'), claim(true))), eu, { derogationAccepted: true });
    expect(a.tier).toBe('high');
    expect(a.derogation?.status).toBe('unavailable');
    expect(a.obligations?.conditions.map((c) => c.id)).toContain('conformity-assessment');
  });

  it('without a claim, an acceptance changes nothing', () => {
    const edit = yes('public-benefits');
    expect(assessRisk(proposalWith(edit), eu, { derogationAccepted: true })).toEqual(assessRisk(proposalWith(edit), eu));
  });

  it('a system that profiles people has no derogation: recorded as unavailable, no decision asked (EU AI Act Art. 6(3))', () => {
    const a = assessRisk(proposalWith(both(yes('employment'), claim(true))), eu);
    expect(a.tier).toBe('high');
    expect(a.derogation?.status).toBe('unavailable');
    expect(a.derogation?.explanation).toMatch(/profiles natural persons/);
    expect(a.obligations?.conditions.map((c) => c.id)).not.toContain('art6-3-derogation-decision');
  });

  it('a claim on a system that is not high changes nothing and says so', () => {
    const plain = assessRisk(proposalWith(() => undefined), eu);
    const claimed = assessRisk(proposalWith(claim()), eu);
    expect(claimed.tier).toBe(plain.tier);
    expect(claimed.derogation?.status).toBe('unavailable');
    expect(claimed.obligations?.conditions).toEqual(plain.obligations?.conditions);
  });
});

describe('EU AI Act Art. 27: fundamental-rights impact assessment', () => {
  it('a public-body deployer of a high-risk system assesses fundamental rights before first use (EU AI Act Art. 27(1))', () => {
    expect(ids(yes('public-body-deployer', 'public-benefits'))).toContain('fundamental-rights-impact-assessment');
  });

  it('a public body with a system that is not high-risk has no such duty (EU AI Act Art. 27(1))', () => {
    expect(ids(yes('public-body-deployer'))).not.toContain('fundamental-rights-impact-assessment');
  });

  it.each(['creditworthiness', 'life-health-insurance'])(
    'any deployer of a %s system (Annex III 5(b)(c)) assesses fundamental rights (EU AI Act Art. 27(1))',
    (q) => expect(ids(yes(q))).toContain('fundamental-rights-impact-assessment'),
  );

  it('a public-body deployer of a critical-infrastructure system (Annex III point 2) has no such duty, and is told why (EU AI Act Art. 27(1))', () => {
    const answered = assessRisk(proposalWith(yes('public-body-deployer', 'critical-infrastructure')), eu);
    expect(answered.tier).toBe('high');
    expect(answered.obligations?.conditions.map((c) => c.id)).not.toContain('fundamental-rights-impact-assessment');
    expect(answered.tierReasons.join('\n')).toMatch(/fundamental-rights-impact-assessment from public-body-deployer does not apply: .*Annex III point 2.*\(EU AI Act Art\. 27\(1\)\)/);
    const declared = (p: ProposalInput) => {
      yes('public-body-deployer')(p);
      p.practices = ['critical_infrastructure'];
    };
    expect(ids(declared)).not.toContain('fundamental-rights-impact-assessment');
    // The exception is of point 2 alone: the same public body with a benefits system still assesses.
    expect(ids(yes('public-body-deployer', 'public-benefits'))).toContain('fundamental-rights-impact-assessment');
  });

  it('the exception does not reach a credit-scoring system (Annex III 5(b)), whoever deploys it (EU AI Act Art. 27(1))', () => {
    expect(ids(yes('public-body-deployer', 'critical-infrastructure', 'creditworthiness'))).toContain('fundamental-rights-impact-assessment');
  });

  it('a pack whose exemption names a question it does not ask is refused at load, naming the field', () => {
    const questions = (eu.screening?.questions ?? []).map((q) =>
      q.id === 'public-body-deployer' ? { ...q, ifYes: { ...q.ifYes, exemption: { answeredYes: ['no-such-question'], reason: 'Exempt.', source: 'EU AI Act Art. 27(1)' } } } : q,
    );
    const i = questions.findIndex((q) => q.id === 'public-body-deployer');
    expect(refusedAt({ ...euFile, screening: { ...eu.screening, questions } })).toEqual([
      `screening.questions[${i}].ifYes.exemption.answeredYes[0]: no screening question no-such-question in this pack`,
    ]);
  });
});

describe('EU AI Act Art. 72: post-market monitoring recurs', () => {
  it('the high tier carries post-market-monitoring-report every twelve months, not once (EU AI Act Art. 72)', () => {
    const c = eu.tiers.high.conditions.find((x) => x.id === 'post-market-monitoring-report');
    expect(c).toMatchObject({ dueBefore: 'P12M', recurs: 'P12M', source: 'EU AI Act Art. 72' });
  });

  it('a pack that makes a deployment gate recur is refused at load', () => {
    const high = { ...eu.tiers.high, conditions: [{ id: 'x-gate', description: 'A gate.', dueBefore: 'deployment', recurs: 'P12M' }] };
    expect(refusedAt({ ...euFile, tiers: { ...eu.tiers, high } })).toContain(
      'tiers.high.conditions[0].recurs: only a dated condition can recur (dueBefore is a duration)',
    );
  });
});

describe('EU AI Act Art. 73: incident deadlines', () => {
  it.each([
    ['serious', 'P15D', 'EU AI Act Art. 73(2)'],
    ['widespread', 'P2D', 'EU AI Act Art. 73(3)'],
    ['critical_infrastructure', 'P2D', 'EU AI Act Art. 73(3), Art. 3(49)(b)'],
    ['death', 'P10D', 'EU AI Act Art. 73(4)'],
  ] as const)('a %s incident is reported within %s at every tier (%s)', (severity, days, _source) => {
    for (const tier of ['minimal', 'limited', 'high'] as const) {
      expect(incidentDeadline(eu.tiers[tier], severity)).toBe(days);
    }
  });

  it('a critical-infrastructure disruption suspends the system at every tier (EU AI Act Art. 73(3))', () => {
    for (const tier of ['minimal', 'limited', 'high'] as const) expect(incidentSuspends(eu.tiers[tier], 'critical_infrastructure')).toBe(true);
  });

  it('a pack giving a serious incident more than 15 days is refused at load (EU AI Act Art. 73(2))', () => {
    const high = { ...eu.tiers.high, incidentDeadlines: { ...eu.tiers.high.incidentDeadlines, serious: 'P20D' } };
    expect(refusedAt({ ...euFile, tiers: { ...eu.tiers, high } })).toEqual([
      'tiers.high.incidentDeadlines.serious: at most P15D (EU AI Act Art. 73(2)-(4))',
    ]);
  });

  it('under an assessment recorded before the severity existed, a critical-infrastructure disruption is judged as widespread', () => {
    const older = { ...eu.tiers.high.incidentDeadlines, widespread: 'P1D' };
    delete older.critical_infrastructure;
    const policy = { incidentDeadlines: older, suspendOn: ['widespread' as const] };
    expect(incidentDeadline(policy, 'critical_infrastructure')).toBe('P1D');
    expect(incidentSuspends(policy, 'critical_infrastructure')).toBe(true);
  });
});

describe('applicability dates: each duty says when it applies, each assessment the date it assessed for', () => {
  it.each([
    ['conformity-assessment', '2027-12-02'], // Annex III duties, moved by the Digital Omnibus on AI
    ['post-market-monitoring-report', '2027-12-02'],
    ['fundamental-rights-impact-assessment', '2027-12-02'],
    ['synthetic-content-marking', '2026-08-02'], // Art. 50, Art. 113
    ['gpai-technical-documentation', '2025-08-02'], // Chapter V, Art. 113(b)
  ])('%s applies from %s (EU AI Act Art. 113, Digital Omnibus on AI)', (id, date) => {
    const a = assessRisk(proposalWith(yes('public-benefits', 'public-body-deployer', 'synthetic-content', 'general-purpose-model')), eu);
    expect(a.obligations?.conditions.find((c) => c.id === id)?.appliesFrom).toBe(date);
  });

  it('an assessment states its date and which duties are not yet in force on it', () => {
    const a = assessRisk(proposalWith(yes('public-benefits', 'synthetic-content')), eu, { assessedFor: '2026-12-02' });
    expect(a.assessedFor).toBe('2026-12-02');
    const pending = dutiesNotYetInForce(a).map((c) => c.id);
    expect(pending).toContain('conformity-assessment');
    expect(pending).not.toContain('synthetic-content-marking');
    const later = assessRisk(proposalWith(yes('public-benefits')), eu, { assessedFor: '2028-01-01' });
    expect(dutiesNotYetInForce(later)).toEqual([]);
  });
});
