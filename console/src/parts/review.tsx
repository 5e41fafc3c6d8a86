import type { JSX } from 'preact';
import { currentSession } from '../auth.ts';
import { dateTime } from '../format.ts';
import { useI18n } from '../i18n.ts';
import type { SystemState } from '../types.ts';
import { Decide, Recuse } from './decide.tsx';

/** The open round: quorum progress, the committee with recusals and (unless blind) votes, and my decision. */
export function ReviewSection({ state, onRecorded }: { state: SystemState; onRecorded: (message: string) => void }): JSX.Element {
  const { t, term, lang } = useI18n();
  const r = state.review;
  const me = currentSession()?.sub ?? '';
  if (!r)
    return (
      <section aria-labelledby="review-title">
        <h2 id="review-title">{t('review.committee')}</h2>
        <p>{t('review.none')}</p>
        <ul>{state.committee.map((m) => <li key={m.id}>{m.id} ({m.roles.join(', ')})</li>)}</ul>
      </section>
    );
  const expected = r.expectedVoters.includes(me);
  const voted = r.votes.some((v) => v.voter === me);
  const recused = r.recusals.some((x) => x.member === me);
  return (
    <section aria-labelledby="review-title" class="review">
      <h2 id="review-title">{t('review.title', { round: r.round })}</h2>
      <p>
        {term('purpose', r.purpose)} · {t('inbox.deadline')}: <time dateTime={r.deadline}>{dateTime(lang, r.deadline)}</time>
        {r.urgent && <span class="mark urgent">{t('mark.urgent')}</span>}
        {r.escalated && <span class="mark escalated">{t('mark.escalated')}</span>}
      </p>
      <p class="quorum" data-testid="quorum">{t('inbox.quorumProgress', { cast: r.votes.length, expected: r.expectedVoters.length, needed: r.minVotes })}</p>
      {r.blind && <p class="muted">{t('review.blind')}</p>}
      <h3>{t('review.committee')}</h3>
      <ul class="committee">
        {r.members.map((m) => {
          const vote = r.votes.find((v) => v.voter === m.id);
          const recusal = r.recusals.find((x) => x.member === m.id);
          const status = recusal
            ? t('review.recused', { conflict: recusal.conflict })
            : vote
              ? vote.vote ? `${term('vote', vote.vote)}${vote.rationale ? `: ${vote.rationale}` : ''}` : `${t('review.voted')} (${t('review.hidden')})`
              : t('review.waiting');
          return <li key={m.id}><strong>{m.id}</strong> <span class="muted">({m.roles.join(', ')})</span> — {status}</li>;
        })}
      </ul>
      {expected && !recused && (
        <>
          <Decide systemId={state.systemId} systemName={state.proposal?.name ?? state.systemId} voted={voted} onDone={onRecorded} />
          {!voted && <Recuse systemId={state.systemId} onDone={onRecorded} />}
        </>
      )}
    </section>
  );
}
