import type { JSX } from 'preact';
import type { ApiProblem } from './api.ts';
import { known, useI18n } from './i18n.ts';

/** A refusal in the reader's language (from its stable code), with the engine's own reason beneath. */
export function ProblemMessage({ problem }: { problem: ApiProblem }): JSX.Element {
  const { t, lang } = useI18n();
  const text = known(lang, `error.${problem.code}`) ?? problem.code;
  return (
    <div class="problem" role="alert" data-code={problem.code}>
      <p><strong>{text}</strong></p>
      {problem.detail && <p class="muted">{t('error.detail', { detail: problem.detail })}</p>}
    </div>
  );
}
