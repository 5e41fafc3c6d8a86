import { describe, expect, it } from 'vitest';
import { assessRisk } from '../../domain/assess-risk.ts';
import { DomainError } from '../../domain/errors.ts';
import { parsePolicyPack } from '../../domain/parse-policy-pack.ts';
import { requireScreeningAnswers } from '../../domain/screen-proposal.ts';
import { tierRank } from '../../domain/policy-pack.ts';
import type { PolicyPack } from '../../domain/policy-pack.ts';
import type { ProposalInput } from '../../domain/proposal.ts';
import { loadShippedPacks, proposalWith } from './policy-fixtures.ts';

const [agc, eu] = (await loadShippedPacks()) as [PolicyPack, PolicyPack, PolicyPack];
const answering = (yes: string[], edit: (p: ProposalInput) => void = () => undefined) =>
  proposalWith((p) => {
    for (const id of yes) p.screening![id] = true;
    edit(p);
  });
const conditionIds = (pack: PolicyPack, yes: string[], edit?: (p: ProposalInput) => void) =>
  assessRisk(answering(yes, edit), pack).obligations?.conditions.map((c) => c.id) ?? [];

describe.each([
  ['AI Governance Code 2026', agc],
  ['EU AI Act', eu],
])('every screening question of the %s pack', (_, pack) => {
  it.each(pack.screening!.questions.map((q) => [q.id, q.source, q] as const))(
    'a yes to %s (%s) prohibits, raises the tier or adds its duties, and is shown with the answers',
    (id, _source, q) => {
      const before = assessRisk(answering([]), pack);
      const a = assessRisk(answering([id]), pack);
      expect(a.screening?.answers.find((x) => x.questionId === id)).toMatchObject({ answer: true, source: q.source });
      if (q.ifYes.prohibited) {
        expect(a.tier).toBe('prohibited');
        expect(a.prohibitedMatches.map((m) => m.id)).toContain(`screening-${id}`);
        return;
      }
      if (q.ifYes.minTier) expect(tierRank(a.tier)).toBeGreaterThanOrEqual(tierRank(q.ifYes.minTier));
      expect(tierRank(a.tier)).toBeGreaterThanOrEqual(tierRank(before.tier));
      // A duty for some tiers only (Art. 27's assessment, for high-risk systems) attaches at those tiers.
      const atTier = q.ifYes.conditions.filter((c) => !c.onlyAtTiers || c.onlyAtTiers.includes(a.tier as never));
      for (const c of atTier) expect(a.obligations?.conditions.map((x) => x.id)).toContain(c.id);
      for (const c of q.ifYes.conditions) expect(c.source).toMatch(/\S/);
    },
  );

  it('a clean proposal answering no to everything stays minimal, with every answer shown', () => {
    const a = assessRisk(answering([]), pack);
    expect(a.tier).toBe('minimal');
    expect(a.screening?.answers).toHaveLength(pack.screening!.questions.length);
    expect(a.screening?.flags).toEqual([]);
  });

  it('a proposal with a question unanswered is refused naming that question', () => {
    const q = pack.screening!.questions[3]!;
    const proposal = proposalWith((p) => {
      delete p.screening![q.id];
    });
    expect(() => requireScreeningAnswers([pack], proposal)).toThrow(DomainError);
    try {
      requireScreeningAnswers([pack], proposal);
    } catch (e) {
      expect((e as DomainError).code).toBe('INVALID_INPUT');
      expect((e as DomainError).issues).toEqual([
        { path: `screening.${q.id}`, message: `answer yes or no: ${q.question}` },
      ]);
    }
  });

  it('an unanswered question that reached the engine anyway is reviewed as high, never lower', () => {
    const q = pack.screening!.questions[0]!;
    const a = assessRisk(
      proposalWith((p) => delete p.screening![q.id]),
      pack,
    );
    expect(a.tier).toBe('high');
    expect(a.tierReasons.some((r) => r.includes(`${q.id} was not answered`))).toBe(true);
  });
});

describe('the cases the packs used to let through', () => {
  const euphemism = (p: ProposalInput) => {
    p.sector = 'public_services';
    p.purpose = "Rate each resident's trustworthiness from their conduct and use it to rank benefit claims.";
  };

  it.each([
    ['AI Governance Code 2026, prohibited uses', agc],
    ['EU AI Act Art. 5(1)(c)', eu],
  ])('social scoring in euphemisms, answered no, is raised to a high committee review (%s)', (source, pack) => {
    expect(assessRisk(answering([]), pack).tier).toBe('minimal');
    const a = assessRisk(answering([], euphemism), pack);
    expect(a.tier).toBe('high');
    const flag = a.screening!.flags.find((f) => f.questionId === 'social-scoring')!;
    expect(flag).toMatchObject({
      answer: false,
      minTier: 'high',
      source,
      found: [{ path: 'purpose', phrase: 'trustworth' }],
    });
    expect(flag.explanation).toMatch(/^the purpose mentions "trustworth"; the proposer answered no to social-scoring/);
    expect(a.tierReasons.some((r) => r.startsWith(`flag ${flag.flagId} requires at least high`))).toBe(true);
  });

  it('the same euphemism in Chinese is flagged too (AI Governance Code 2026, prohibited uses)', () => {
    const a = assessRisk(
      answering([], (p) => (p.deploymentContext = '根据居民的社会信用分配公共服务')),
      agc,
    );
    expect(a.tier).toBe('high');
    expect(a.screening!.flags[0]).toMatchObject({
      questionId: 'social-scoring',
      found: [{ path: 'deploymentContext', phrase: '社会信用' }],
    });
  });

  it('credit decisions filed under sector other are high under both packs (EU AI Act Annex III 5(b); AI Governance Code finance)', () => {
    expect(assessRisk(answering(['creditworthiness', 'finance-decisions']), agc).tier).toBe('high');
    expect(assessRisk(answering(['creditworthiness', 'finance-decisions']), eu).tier).toBe('high');
    const lending = (p: ProposalInput) => (p.purpose = 'Decide the size of personal loans for shop customers.');
    expect(assessRisk(answering([], lending), agc).tier).toBe('high');
    expect(assessRisk(answering([], lending), eu).tier).toBe('high');
  });

  it('a deepfake generator carries the labelling duty (EU AI Act Art. 50(4); labelling measures 2025)', () => {
    expect(conditionIds(eu, ['deepfakes', 'synthetic-content'])).toEqual(
      expect.arrayContaining(['deepfake-labelling', 'synthetic-content-marking']),
    );
    expect(conditionIds(agc, ['synthetic-content'])).toContain('ai-content-labelling');
    // Answered no, but described: flagged, and the duties a yes would bring are attached all the same.
    const faceSwap = (p: ProposalInput) => (p.model.description = 'Face swap video model for marketing clips.');
    const a = assessRisk(answering([], faceSwap), eu);
    expect(a.tier).toBe('high');
    expect(a.obligations?.conditions.map((c) => c.id)).toContain('deepfake-labelling');
  });

  it('an insurance risk scorer is high under the EU pack (EU AI Act Annex III 5(c))', () => {
    expect(assessRisk(answering(['life-health-insurance']), eu).tier).toBe('high');
    const pricing = (p: ProposalInput) => (p.purpose = 'Set health insurance premiums from claims history.');
    const a = assessRisk(answering([], pricing), eu);
    expect(a.tier).toBe('high');
    expect(a.screening!.flags.map((f) => f.questionId)).toContain('life-health-insurance');
  });

  it('a flag whose question was answered yes adds nothing: the yes already carries its consequences', () => {
    const a = assessRisk(
      answering(['creditworthiness'], (p) => (p.purpose = 'Score loan applications.')),
      eu,
    );
    expect(a.screening!.flags).toEqual([]);
    expect(a.tier).toBe('high');
  });
});

describe('pack screening checks', () => {
  const withScreening = (screening: unknown) => {
    const file: Record<string, unknown> = { ...eu };
    delete file.contentHash;
    delete file.policyVersion;
    return () => parsePolicyPack({ ...file, screening }, 'a'.repeat(64));
  };
  const q = eu.screening!.questions[0]!;

  it('refuses duplicate questions, flags naming no question, and flags reading unknown fields', () => {
    const flag = {
      id: 'f',
      question: 'nope',
      when: { path: 'purposes', mentions: ['x y'] },
      minTier: 'high',
      reason: 'r',
      source: 'Somewhere 1',
    };
    expect(withScreening({ questions: [q, q], flags: [flag] })).toThrow(
      /duplicate question id subliminal-manipulation.*screening.flags\[0\].question: no screening question nope.*unknown proposal field purposes/,
    );
  });

  it('refuses a yes that changes nothing', () => {
    expect(withScreening({ questions: [{ ...q, ifYes: { reason: 'nothing' } }] })).toThrow(
      /a yes answer must prohibit/,
    );
  });
});
