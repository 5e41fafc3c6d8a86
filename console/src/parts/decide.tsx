import type { JSX } from 'preact';
import { useRef, useState } from 'preact/hooks';
import type { ApiProblem } from '../api.ts';
import { api } from '../api.ts';
import { useI18n } from '../i18n.ts';
import { ProblemMessage } from '../problem.tsx';

const VOTES = ['approve', 'reject', 'request_changes'] as const;

interface Props {
  systemId: string;
  systemName: string;
  /** This person already voted: the form stays only while they are in the middle of one (another device voted). */
  voted: boolean;
  /** Called with the confirmation to show once the vote is recorded (on the page: the round may close with it). */
  onDone: (message: string) => void;
}

/** Vote with a required rationale, checked once more on a confirmation step; the engine's refusal shown as it comes. */
export function Decide(p: Props): JSX.Element | null {
  const { t, term } = useI18n();
  const [vote, setVote] = useState('');
  const [rationale, setRationale] = useState('');
  const [step, setStep] = useState<'edit' | 'confirm'>('edit');
  const [problem, setProblem] = useState<ApiProblem>();
  const [missing, setMissing] = useState<{ vote?: boolean; rationale?: boolean }>({});
  const confirmRef = useRef<HTMLHeadingElement>(null);
  const editRef = useRef<HTMLLegendElement>(null);
  const dirty = vote !== '' || rationale !== '' || problem !== undefined;
  if (p.voted && !dirty) return null;
  const next = (e: Event) => {
    e.preventDefault();
    const m = { vote: vote === '', rationale: rationale.trim() === '' };
    setMissing(m);
    if (m.vote) return document.getElementById('vote-approve')?.focus();
    if (m.rationale) return document.getElementById('vote-rationale')?.focus();
    setProblem(undefined);
    setStep('confirm');
    setTimeout(() => confirmRef.current?.focus());
  };
  const confirm = async () => {
    try {
      await api('POST', `/v1/systems/${encodeURIComponent(p.systemId)}/votes`, { vote, rationale });
      setVote('');
      setRationale('');
      setStep('edit');
      p.onDone(t('decide.done'));
    } catch (err) {
      setProblem(err as ApiProblem);
      setStep('edit');
      setTimeout(() => editRef.current?.focus());
    }
  };
  if (step === 'confirm')
    return (
      <section class="confirm" aria-labelledby="confirm-title">
        <h3 id="confirm-title" tabIndex={-1} ref={confirmRef}>{t('decide.confirmTitle')}</h3>
        <p>{t('decide.confirmBody', { vote: term('vote', vote), system: p.systemName })}</p>
        <blockquote>{rationale}</blockquote>
        <button type="button" class="primary" onClick={() => void confirm()}>{t('decide.confirm')}</button>{' '}
        <button type="button" onClick={() => setStep('edit')}>{t('common.cancel')}</button>
      </section>
    );
  return (
    <form class="decide" onSubmit={next} noValidate aria-labelledby="decide-title">
      <h3 id="decide-title">{t('decide.title')}</h3>
      {problem && <ProblemMessage problem={problem} />}
      <fieldset aria-describedby={missing.vote ? 'vote-missing' : undefined}>
        <legend tabIndex={-1} ref={editRef}>{t('decide.choice')}</legend>
        {VOTES.map((v) => (
          <label key={v} class="choice">
            <input type="radio" name="vote" id={`vote-${v}`} value={v} checked={vote === v} onChange={() => setVote(v)} /> {term('vote', v)}
          </label>
        ))}
        {missing.vote && <p id="vote-missing" class="field-error">{t('decide.needChoice')}</p>}
      </fieldset>
      <div class="field">
        <label for="vote-rationale">{t('decide.rationale')}</label>
        <textarea id="vote-rationale" rows={3} required value={rationale} onInput={(e) => setRationale(e.currentTarget.value)}
          aria-invalid={missing.rationale ? 'true' : undefined} aria-describedby={missing.rationale ? 'rationale-missing' : undefined} />
        {missing.rationale && <p id="rationale-missing" class="field-error">{t('decide.needRationale')}</p>}
      </div>
      <button type="submit" class="primary">{t('decide.next')}</button>
    </form>
  );
}

/** Step out of the round, declaring the conflict of interest. */
export function Recuse({ systemId, onDone }: { systemId: string; onDone: (message: string) => void }): JSX.Element {
  const { t } = useI18n();
  const [conflict, setConflict] = useState('');
  const [problem, setProblem] = useState<ApiProblem>();
  const submit = async (e: Event) => {
    e.preventDefault();
    try {
      await api('POST', `/v1/systems/${encodeURIComponent(systemId)}/recusals`, { conflict });
      onDone(t('recuse.done'));
    } catch (err) {
      setProblem(err as ApiProblem);
    }
  };
  return (
    <details class="recuse">
      <summary>{t('recuse.title')}</summary>
      <form onSubmit={submit} noValidate>
        {problem && <ProblemMessage problem={problem} />}
        <div class="field">
          <label for="recuse-conflict">{t('recuse.conflict')}</label>
          <textarea id="recuse-conflict" rows={2} value={conflict} onInput={(e) => setConflict(e.currentTarget.value)} />
        </div>
        <button type="submit">{t('recuse.submit')}</button>
      </form>
    </details>
  );
}
