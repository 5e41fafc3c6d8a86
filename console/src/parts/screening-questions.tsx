import type { JSX } from 'preact';
import { api } from '../api.ts';
import { useI18n } from '../i18n.ts';
import type { ScreeningQuestion, ScreeningView } from '../types.ts';
import { useLoad } from '../use-load.ts';

interface Props {
  sector: string | undefined;
  jurisdictions: readonly string[];
  answers: Record<string, boolean>;
  onAnswer: (id: string, answer: boolean) => void;
  /** The API's problems at `screening.<id>`, by question id. */
  problems: ReadonlySet<string>;
}

/** The questions of every pack this proposal falls under, each a yes/no choice with its help text. */
export function ScreeningQuestions(p: Props): JSX.Element {
  const { t } = useI18n();
  const query = `sector=${encodeURIComponent(p.sector ?? '')}&jurisdictions=${encodeURIComponent(p.jurisdictions.join(','))}`;
  const view = useLoad(() => (p.sector ? api<ScreeningView>('GET', `/v1/policy/screening?${query}`) : Promise.resolve(undefined)), [query]);
  const seen = new Set<string>();
  const questions = (view.data?.packs ?? []).flatMap((pack) => pack.questions).filter((q) => !seen.has(q.id) && seen.add(q.id));
  return (
    <fieldset class="screening" id="proposal-screening" tabIndex={-1}>
      <legend>{t('screening.title')}</legend>
      {!p.sector && <p class="muted">{t('screening.chooseSector')}</p>}
      {p.sector && view.data && questions.length === 0 && <p class="muted">{t('screening.none')}</p>}
      {questions.map((q) => <Question key={q.id} q={q} answer={p.answers[q.id]} onAnswer={p.onAnswer} missing={p.problems.has(q.id)} />)}
    </fieldset>
  );
}

function Question({ q, answer, onAnswer, missing }: { q: ScreeningQuestion; answer: boolean | undefined; onAnswer: Props['onAnswer']; missing: boolean }): JSX.Element {
  const { t } = useI18n();
  const id = `proposal-screening-${q.id}`;
  const described = `${id}-help${missing ? ` ${id}-error` : ''}`;
  const choice = (value: boolean) => (
    <label class="choice">
      <input type="radio" name={id} value={String(value)} checked={answer === value} onChange={() => onAnswer(q.id, value)} />
      {value ? t('common.yes') : t('common.no')}
    </label>
  );
  return (
    <fieldset id={id} class="question" tabIndex={-1} aria-describedby={described} aria-invalid={missing ? 'true' : undefined} data-question={q.id}>
      <legend>{q.question}</legend>
      <p id={`${id}-help`} class="muted">{q.help} <span class="source">({q.source})</span></p>
      {choice(true)}
      {choice(false)}
      {missing && <p id={`${id}-error`} class="field-error">{t('screening.unanswered')}</p>}
    </fieldset>
  );
}
