import type { ScreeningQuestion } from '../domain/screening.ts';
import type { PackScreening } from '../wire/screening.ts';

/** Asks one question and returns the person's reply (a line of text). */
export type Ask = (prompt: string) => Promise<string>;

/** The questions of the applicable packs that the answers leave open, each once (packs may share an id). */
export function unanswered(
  packs: readonly PackScreening[],
  answers: Readonly<Record<string, unknown>>,
): ScreeningQuestion[] {
  const seen = new Set<string>();
  return packs
    .flatMap((p) => p.questions)
    .filter((q) => typeof answers[q.id] !== 'boolean' && !seen.has(q.id) && seen.add(q.id));
}

const YES = new Set(['y', 'yes', '是']);
const NO = new Set(['n', 'no', '否']);

/**
 * Asks each open question with its help until the person answers yes or no; returns the answers to add. The
 * answers are the proposer's attestation, so nothing is assumed: an unclear reply asks again.
 */
export async function askScreening(
  questions: readonly ScreeningQuestion[],
  ask: Ask,
): Promise<Record<string, boolean>> {
  const answers: Record<string, boolean> = {};
  for (const q of questions) {
    for (
      let prompt = `\n${q.question}\n  ${q.help} (${q.source})\n  yes or no? `;
      ;
      prompt = '  please answer yes or no: '
    ) {
      const reply = (await ask(prompt)).trim().toLowerCase();
      if (YES.has(reply) || NO.has(reply)) {
        answers[q.id] = YES.has(reply);
        break;
      }
    }
  }
  return answers;
}
