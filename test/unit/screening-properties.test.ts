import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assessRisk } from '../../domain/assess-risk.ts';
import type { DomainError } from '../../domain/errors.ts';
import { tierRank } from '../../domain/policy-pack.ts';
import type { PolicyPack } from '../../domain/policy-pack.ts';
import type { ProposalInput } from '../../domain/proposal.ts';
import { requireScreeningAnswers } from '../../domain/screen-proposal.ts';
import { loadShippedPacks, proposalWith } from './policy-fixtures.ts';

const packs = (await loadShippedPacks()).filter((p) => p.screening);
const questionIds = [...new Set(packs.flatMap((p) => p.screening!.questions.map((q) => q.id)))];
// Phrases the shipped flags look for, plus harmless words, to put into the free text.
const phrases = [
  ...new Set(
    packs.flatMap((p) => p.screening!.flags.flatMap((f) => JSON.stringify(f.when).match(/(?<=")[^"]+(?=")/g) ?? [])),
  ),
]
  .filter((s) => !['any', 'path', 'mentions', 'purpose', 'deploymentContext', 'model.description'].includes(s))
  .map((s) => s.replace(' * ', ' '));
const arbText = fc
  .array(fc.constantFrom(...phrases, 'internal manuals', 'search', '内部文档'), { maxLength: 4 })
  .map((w) => w.join(' ') || 'Rank internal manuals.');

const arbCase = fc.record({
  pack: fc.constantFrom(...packs),
  yes: fc.subarray(questionIds),
  sector: fc.constantFrom('finance', 'other', 'public_services', 'education') as fc.Arbitrary<ProposalInput['sector']>,
  tested: fc.boolean(),
  purpose: arbText,
  context: arbText,
});
type Case = {
  pack: PolicyPack;
  yes: string[];
  sector: ProposalInput['sector'];
  tested: boolean;
  purpose: string;
  context: string;
};

const build = (c: Case, extraYes: string[] = [], text = true) =>
  proposalWith((p) => {
    p.sector = c.sector;
    p.evidence!.safety = { tested: c.tested, redTeaming: true };
    for (const id of [...c.yes, ...extraYes]) p.screening![id] = true;
    if (text) {
      p.purpose = c.purpose;
      p.deploymentContext = c.context;
    }
  });

describe('screening properties', () => {
  it('a derogation claim (EU AI Act Art. 6(3)) never changes the tier: only the committee decides it', () => {
    const arbClaim = fc.record({
      ground: fc.constantFrom('narrow_procedural_task', 'improves_completed_human_activity', 'detects_patterns_without_replacing_review', 'preparatory_task'),
      justification: fc.constant('Only prepares the file for a person.'),
      profilesPeople: fc.boolean(),
    }) as fc.Arbitrary<NonNullable<ProposalInput['derogationClaim']>>;
    fc.assert(
      fc.property(arbCase, arbClaim, (c, claim) => {
        const before = assessRisk(build(c), c.pack);
        const claimed = assessRisk(proposalWith((p) => Object.assign(p, build(c), { derogationClaim: claim })), c.pack);
        expect(claimed.tier).toBe(before.tier);
        // Recorded for the committee, except on a prohibited use, which no claim or review can approve.
        expect(claimed.derogation?.ground).toBe(before.tier === 'prohibited' ? undefined : claim.ground);
      }),
    );
  });

  // A flag raises a "no" that the free text contradicts to a full committee review, which can be above what the honest
  // yes brings (the packs' deepfake and synthetic-media flags: a yes is a transparency duty at tier limited). Answering
  // yes then clears that flag: the one way a yes can end lower than the contradicted no, and never below the yes itself.
  it('a yes answer never lowers the tier, but for clearing the flag its own no raised, and never below its own floor', () => {
    fc.assert(
      fc.property(arbCase, fc.constantFrom(...questionIds), (c, extra) => {
        const before = assessRisk(build(c), c.pack);
        const after = assessRisk(build(c, [extra]), c.pack);
        const question = c.pack.screening!.questions.find((q) => q.id === extra);
        const contradicted = before.screening!.flags.filter((f) => f.questionId === extra);
        expect(after.screening!.flags.filter((f) => f.questionId === extra)).toEqual(question ? [] : contradicted);
        if (contradicted.length === 0) expect(tierRank(after.tier)).toBeGreaterThanOrEqual(tierRank(before.tier));
        else {
          const floor = question!.ifYes.prohibited ? 'prohibited' : (question!.ifYes.minTier ?? 'minimal');
          expect(tierRank(after.tier)).toBeGreaterThanOrEqual(tierRank(floor));
          // And every other flag and floor still holds: the yes with the text is never below the yes without it.
          expect(tierRank(after.tier)).toBeGreaterThanOrEqual(tierRank(assessRisk(build(c, [extra], false), c.pack).tier));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('a flag that asks more than its question\'s yes is cleared by the yes (found at seed 397572329)', () => {
    const pack = packs.find((p) => p.name === 'ai-governance-code-2026')!;
    const c: Case = { pack, yes: [], sector: 'public_services', tested: false, purpose: 'Rank internal manuals.', context: '生成图片' };
    const no = assessRisk(build(c), pack);
    expect(no.screening!.flags.map((f) => f.flagId)).toEqual(['synthetic-media-in-text']);
    expect(no.tier).toBe('high');
    const yes = assessRisk(build(c, ['synthetic-content']), pack);
    expect(yes.screening!.flags).toEqual([]);
    expect(yes.tier).toBe('limited');
    expect(yes.obligations!.conditions.map((x) => x.id)).toContain('ai-content-labelling');
  });

  it('a flag (flagged words in the free text) never lowers the tier', () => {
    fc.assert(
      fc.property(arbCase, (c) => {
        const plain = assessRisk(build(c, [], false), c.pack);
        const flagged = assessRisk(build(c), c.pack);
        expect(tierRank(flagged.tier)).toBeGreaterThanOrEqual(tierRank(plain.tier));
        for (const f of flagged.screening!.flags)
          expect(tierRank(flagged.tier)).toBeGreaterThanOrEqual(tierRank(f.minTier));
      }),
      { numRuns: 300 },
    );
  });

  it('a missing answer is always refused, naming the question', () => {
    fc.assert(
      fc.property(arbCase, fc.subarray(questionIds, { minLength: 1 }), (c, dropped) => {
        const proposal = build(c);
        for (const id of dropped) delete proposal.screening![id];
        const asked = new Set(c.pack.screening!.questions.map((q) => q.id));
        const expected = dropped
          .filter((id) => asked.has(id))
          .map((id) => `screening.${id}`)
          .sort();
        let refused: DomainError | undefined;
        try {
          requireScreeningAnswers([c.pack], proposal);
        } catch (e) {
          refused = e as DomainError;
        }
        if (expected.length === 0) expect(refused).toBeUndefined();
        else expect(refused?.issues.map((i) => i.path).sort()).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });
});
