import type { JSX } from 'preact';
import { useCallback, useState } from 'preact/hooks';
import { api } from '../api.ts';
import { currentSession } from '../auth.ts';
import { useI18n } from '../i18n.ts';
import { useLive } from '../live.ts';
import { ProblemMessage } from '../problem.tsx';
import type { EventPage, SystemState } from '../types.ts';
import { useLoad } from '../use-load.ts';
import { ActionsSection } from '../parts/actions.tsx';
import { AssessmentSection } from '../parts/assessment.tsx';
import { ConditionsSection } from '../parts/conditions.tsx';
import { OversightSection } from '../parts/oversight.tsx';
import { ReviewSection } from '../parts/review.tsx';
import { TimelineSection } from '../parts/timeline.tsx';

/** A proposal's values as a definition list, nested groups inside. */
function Values({ value }: { value: Record<string, unknown> }): JSX.Element {
  const { term } = useI18n();
  return (
    <dl class="values">
      {Object.entries(value).map(([k, v]) => (
        <div key={k}>
          <dt>{term('field', k)}</dt>
          <dd>
            {v !== null && typeof v === 'object' && !Array.isArray(v) ? (
              <Values value={v as Record<string, unknown>} />
            ) : Array.isArray(v) ? (
              v.length ? v.map((x) => term(k === 'sector' ? 'sector' : k, String(x))).join(', ') : '—'
            ) : typeof v === 'boolean' ? (
              term('common', v ? 'yes' : 'no')
            ) : k === 'sector' ? (
              term('sector', String(v))
            ) : (
              String(v)
            )}
          </dd>
        </div>
      ))}
    </dl>
  );
}

/** Everything about one system: proposal, assessment, conditions, review and decision, timeline and verification. */
export function SystemPage({ id }: { id: string }): JSX.Element {
  const { t, term } = useI18n();
  const path = `/v1/systems/${encodeURIComponent(id)}`;
  const state = useLoad(() => api<SystemState>('GET', path), [path]);
  const events = useLoad(() => api<EventPage>('GET', `${path}/events`), [path]);
  const reload = useCallback(() => {
    state.reload();
    events.reload();
  }, [state.reload, events.reload]);
  useLive(reload, id);
  const [notice, setNotice] = useState<string>();
  const recorded = (message: string) => {
    setNotice(message);
    reload();
  };
  const s = state.data;
  if (state.problem && !s)
    return <section><h1>{id}</h1><ProblemMessage problem={state.problem} /></section>;
  if (!s) return <p>{t('common.loading')}</p>;
  const me = currentSession();
  const team = !!me && (s.proposal?.proposer === me.sub || s.proposal?.owner === me.sub || me.roles.includes('deployer'));
  return (
    <article aria-labelledby="system-title" data-system={s.systemId} data-stage={s.stage}>
      <h1 id="system-title">{s.proposal?.name ?? s.systemId}</h1>
      <p class="badges">
        <code>{s.systemId}</code>{' '}
        <span class={`stage stage-${s.stage}`} data-testid="stage">{t('system.stage')}: {term('stage', s.stage)}</span>{' '}
        {s.tier && <span class={`tier tier-${s.tier}`}>{term('tier', s.tier)}</span>}
      </p>
      {state.problem && <ProblemMessage problem={state.problem} />}
      {notice && <p role="status" class="done page-notice">{notice}</p>}
      <ReviewSection state={s} onRecorded={recorded} />
      <AssessmentSection assessment={s.assessment} />
      <ConditionsSection state={s} canAct={team} reload={reload} />
      <OversightSection systemId={s.systemId} version={s.sequence} />
      {team && <ActionsSection state={s} reload={reload} />}
      <details class="proposal">
        <summary><h2>{t('system.proposal')}</h2></summary>
        {s.proposal && <Values value={s.proposal} />}
      </details>
      <TimelineSection state={s} {...(events.data ? { page: events.data } : {})} {...(events.problem ? { problem: events.problem } : {})} />
    </article>
  );
}
