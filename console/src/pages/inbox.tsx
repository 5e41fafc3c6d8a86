import type { JSX } from 'preact';
import { useCallback, useState } from 'preact/hooks';
import { api } from '../api.ts';
import { currentSession } from '../auth.ts';
import { dateTime, span } from '../format.ts';
import { useI18n } from '../i18n.ts';
import { useLive } from '../live.ts';
import { ProblemMessage } from '../problem.tsx';
import type { PendingReview, SystemState, SystemSummary } from '../types.ts';
import { useLoad } from '../use-load.ts';

interface Row extends PendingReview {
  minVotes: number;
  escalated: boolean;
}

/** Rounds per page of the inbox: the soonest deadlines first, the rest a "show more" away. */
const PAGE_SIZE = 50;

/**
 * The first `pages` pages of the rounds waiting for me by deadline, each with what the round needs (the state adds
 * quorum and escalation), and whether more wait beyond them.
 */
async function loadInbox(pages: number): Promise<{ rows: Row[]; more: boolean }> {
  const items: PendingReview[] = [];
  let token: string | null = null;
  for (let n = 0; n < pages; n += 1) {
    const query: string = token ? `&pageToken=${encodeURIComponent(token)}` : '';
    const page: { items: PendingReview[]; nextPageToken: string | null } = await api('GET', `/v1/reviews/pending?pageSize=${PAGE_SIZE}${query}`);
    items.push(...page.items);
    token = page.nextPageToken;
    if (!token) break;
  }
  const rows = await Promise.all(
    items.map(async (p) => {
      const s = await api<SystemState>('GET', `/v1/systems/${encodeURIComponent(p.systemId)}`);
      return { ...p, minVotes: s.review?.minVotes ?? 0, escalated: s.review?.escalated ?? false };
    }),
  );
  return { rows, more: token !== null };
}

/** For chairs: the open rounds of their committees that escalated or passed their deadline. */
async function loadChairRounds(): Promise<SystemState[]> {
  const { items } = await api<{ items: SystemSummary[] }>('GET', '/v1/systems?stage=in_review&pageSize=200');
  const states = await Promise.all(items.map((i) => api<SystemState>('GET', `/v1/systems/${encodeURIComponent(i.systemId)}`)));
  const me = currentSession()?.sub;
  return states.filter(
    (s) => s.review && s.review.members.some((m) => m.id === me && m.roles.includes('chair')) && (s.review.escalated || Date.parse(s.review.deadline) < Date.now()),
  );
}

function Marks({ urgent, escalated, overdue }: { urgent: boolean; escalated: boolean; overdue: boolean }): JSX.Element {
  const { t } = useI18n();
  return (
    <>
      {urgent && <span class="mark urgent">{t('mark.urgent')}</span>}
      {escalated && <span class="mark escalated">{t('mark.escalated')}</span>}
      {overdue && <span class="mark overdue">{t('mark.overdue')}</span>}
    </>
  );
}

function TimeLeft({ deadline }: { deadline: string }): JSX.Element {
  const { t, lang } = useI18n();
  const left = Date.parse(deadline) - Date.now();
  return (
    <>
      <time dateTime={deadline}>{dateTime(lang, deadline)}</time>
      <br />
      <span class="muted">{left >= 0 ? t('time.left', { time: span(lang, left) }) : t('time.overdue', { time: span(lang, left) })}</span>
    </>
  );
}

/** The committee member's inbox, and for chairs the escalated and overdue rounds. */
export function Inbox(): JSX.Element {
  const { t, term } = useI18n();
  const isChair = currentSession()?.roles.includes('chair') ?? false;
  const [pages, setPages] = useState(1);
  const loaded = useLoad(() => loadInbox(pages), [pages]);
  const inbox = { ...loaded, data: loaded.data?.rows };
  const chair = useLoad(() => (isChair ? loadChairRounds() : Promise.resolve([])), [isChair]);
  const onNotice = useCallback(() => {
    loaded.reload();
    chair.reload();
  }, [loaded.reload, chair.reload]);
  useLive(onNotice);
  return (
    <section aria-labelledby="inbox-title">
      <h1 id="inbox-title">{t('inbox.title')}</h1>
      {inbox.problem && <ProblemMessage problem={inbox.problem} />}
      {!inbox.data && !inbox.problem && <p>{t('common.loading')}</p>}
      {inbox.data?.length === 0 && <p>{t('inbox.empty')}</p>}
      {inbox.data && inbox.data.length > 0 && (
        <div class="table-wrap">
          <table class="inbox">
            <thead>
              <tr>
                <th scope="col">{t('inbox.system')}</th>
                <th scope="col">{t('inbox.tier')}</th>
                <th scope="col">{t('inbox.purpose')}</th>
                <th scope="col">{t('inbox.deadline')}</th>
                <th scope="col">{t('inbox.quorum')}</th>
                <th scope="col">{t('inbox.marks')}</th>
              </tr>
            </thead>
            <tbody>
              {inbox.data.map((r) => (
                <tr key={r.systemId} data-system={r.systemId}>
                  <th scope="row"><a href={`#/systems/${encodeURIComponent(r.systemId)}`}>{r.name ?? r.systemId}</a><br /><code>{r.systemId}</code></th>
                  <td>{r.tier ? term('tier', r.tier) : '—'}</td>
                  <td>{term('purpose', r.purpose)}</td>
                  <td><TimeLeft deadline={r.deadline} /></td>
                  <td>{t('inbox.quorumProgress', { cast: r.votesCast, expected: r.expectedVoters, needed: r.minVotes })}</td>
                  <td><Marks urgent={r.urgent} escalated={r.escalated} overdue={Date.parse(r.deadline) < Date.now()} /></td>
                </tr>
              ))}
            </tbody>
          </table>
          {loaded.data?.more && (
            <button type="button" class="more" onClick={() => setPages((n) => n + 1)}>
              {t('inbox.more')}
            </button>
          )}
        </div>
      )}
      {isChair && (
        <section aria-labelledby="chair-title">
          <h2 id="chair-title">{t('inbox.chairTitle')}</h2>
          {chair.problem && <ProblemMessage problem={chair.problem} />}
          {chair.data?.length === 0 && <p>{t('inbox.chairEmpty')}</p>}
          <ul class="chair-rounds">
            {chair.data?.map((s) => (
              <li key={s.systemId} data-system={s.systemId}>
                <a href={`#/systems/${encodeURIComponent(s.systemId)}`}>{s.proposal?.name ?? s.systemId}</a>{' '}
                <Marks urgent={s.review!.urgent} escalated={s.review!.escalated} overdue={Date.parse(s.review!.deadline) < Date.now()} />{' '}
                <TimeLeft deadline={s.review!.deadline} />
              </li>
            ))}
          </ul>
        </section>
      )}
    </section>
  );
}
