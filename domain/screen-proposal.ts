import { z } from 'zod';
import type { ApprovalCondition } from './approval-condition.ts';
import { evaluate, mentionsFound } from './conditions.ts';
import { DomainError, ErrorCode } from './errors.ts';
import type { FieldIssue } from './errors.ts';
import { describeIssues } from './field-issues.ts';
import type { PolicyPack } from './policy-pack.ts';
import type { Proposal } from './proposal.ts';
import type { ScreeningQuestion } from './screening.ts';
import { ReviewTier, maxTier } from './tier.ts';

/** One question as answered, shown to the committee beside the assessment. */
export const ScreeningAnswerView = z.strictObject({
  questionId: z.string(),
  question: z.string(),
  source: z.string(),
  /** null when the proposal left it unanswered (only possible when it reached the engine without the edge's check). */
  answer: z.boolean().nullable(),
});
export type ScreeningAnswerView = z.infer<typeof ScreeningAnswerView>;

/** A screening flag that fired: what the text says, against what the proposer answered. */
export const FiredFlag = z.strictObject({
  flagId: z.string(),
  questionId: z.string(),
  answer: z.boolean().nullable(),
  minTier: ReviewTier,
  found: z.array(z.strictObject({ path: z.string(), phrase: z.string() })),
  source: z.string(),
  /** One sentence: "the purpose mentions …; the proposer answered no to …". */
  explanation: z.string(),
});
export type FiredFlag = z.infer<typeof FiredFlag>;

/** What screening adds to an assessment: never a lower tier, only floors, prohibitions and duties. */
export interface ScreeningOutcome {
  readonly answers: ScreeningAnswerView[];
  readonly flags: FiredFlag[];
  readonly floor: ReviewTier;
  readonly prohibited: { id: string; reason: string }[];
  readonly conditions: ApprovalCondition[];
  readonly tierReasons: string[];
}

const FIELD_NAMES: Record<string, string> = {
  purpose: 'the purpose',
  deploymentContext: 'the deployment context',
  'model.description': 'the model description',
};
const answerWord = (a: boolean | null): string =>
  a === null ? 'did not answer' : a ? 'answered yes to' : 'answered no to';

/** The questions of a pack the proposal has not answered, as field issues naming each one. */
export function unansweredQuestions(pack: PolicyPack, proposal: Proposal): FieldIssue[] {
  const answers = proposal.screening ?? {};
  return (pack.screening?.questions ?? [])
    .filter((q) => typeof answers[q.id] !== 'boolean')
    .map((q) => ({ path: `screening.${q.id}`, message: `answer yes or no: ${q.question}` }));
}

/** Refuses a proposal (INVALID_INPUT, naming each question) that leaves a question of any applicable pack unanswered. */
export function requireScreeningAnswers(packs: readonly PolicyPack[], proposal: Proposal): void {
  const seen = new Set<string>();
  const issues = packs
    .flatMap((p) => unansweredQuestions(p, proposal))
    .filter((i) => !seen.has(i.path) && seen.add(i.path));
  if (issues.length > 0)
    throw new DomainError(ErrorCode.invalidInput, describeIssues('unanswered screening questions', issues), issues);
}

function explainFlag(
  found: { path: string; phrase: string }[],
  q: ScreeningQuestion | undefined,
  answer: boolean | null,
  reason: string,
): string {
  const text = found.map((f) => `${FIELD_NAMES[f.path] ?? f.path} mentions "${f.phrase}"`).join(', ');
  const asked = q ? `${answerWord(answer)} ${q.id} ("${q.question}")` : 'was not asked about it';
  return `${text || 'the text matches'}; the proposer ${asked}: ${reason}`;
}

/** Screens a proposal under a pack: its answers (a yes raises, a gap raises to high) and its flags. Pure. */
export function screenProposal(proposal: Proposal, pack: PolicyPack): ScreeningOutcome {
  const out = {
    answers: [] as ScreeningAnswerView[],
    flags: [] as FiredFlag[],
    floor: 'minimal' as ReviewTier,
    prohibited: [] as { id: string; reason: string }[],
    conditions: [] as ApprovalCondition[],
    tierReasons: [] as string[],
  };
  const questions = pack.screening?.questions ?? [];
  const answerOf = (id: string): boolean | null => proposal.screening?.[id] ?? null;
  // The duties a yes to q brings, unless the regulation exempts the system from them (then the reason is shown).
  const dutiesOf = (q: ScreeningQuestion): ApprovalCondition[] => {
    const e = q.ifYes.exemption;
    const exempt = e && (e.answeredYes.some((id) => answerOf(id) === true) || e.practices.some((x) => proposal.practices.includes(x)));
    if (!exempt || q.ifYes.conditions.length === 0) return q.ifYes.conditions;
    const ids = q.ifYes.conditions.map((c) => c.id).join(', ');
    out.tierReasons.push(`${ids} from ${q.id} does not apply: ${e.reason} (${e.source})`);
    return [];
  };
  for (const q of questions) {
    const answer = answerOf(q.id);
    out.answers.push({ questionId: q.id, question: q.question, source: q.source, answer });
    if (answer === null) {
      // Fail safe: an unanswered question reached the engine; the committee sees the gap and reviews in full.
      out.floor = maxTier(out.floor, 'high');
      out.tierReasons.push(`screening question ${q.id} was not answered, so the system is reviewed as high`);
    } else if (answer) {
      const y = q.ifYes;
      if (y.prohibited) out.prohibited.push({ id: `screening-${q.id}`, reason: `${y.reason} (${q.source})` });
      if (y.minTier) {
        out.floor = maxTier(out.floor, y.minTier);
        out.tierReasons.push(
          `the proposer answered yes to ${q.id}, which requires at least ${y.minTier}: ${y.reason} (${q.source})`,
        );
      }
      out.conditions.push(...dutiesOf(q));
    }
  }
  for (const f of pack.screening?.flags ?? []) {
    const answer = answerOf(f.question);
    // A yes already carries the question's consequences; a flag is for the text that contradicts a no (or a gap).
    if (answer === true || !evaluate(f.when, proposal)) continue;
    const q = questions.find((x) => x.id === f.question);
    const found = mentionsFound(f.when, proposal);
    const explanation = explainFlag(found, q, answer, f.reason);
    out.flags.push({
      flagId: f.id,
      questionId: f.question,
      answer,
      minTier: f.minTier,
      found,
      source: f.source,
      explanation,
    });
    out.floor = maxTier(out.floor, f.minTier);
    // The duties a yes would bring are attached too, so a wrong "no" cannot shed them; people decide the rest.
    if (q) out.conditions.push(...dutiesOf(q));
    out.tierReasons.push(
      `flag ${f.id} requires at least ${f.minTier} and committee review: ${explanation} (${f.source})`,
    );
  }
  return out;
}
