import type { JSX } from 'preact';
import { useCallback, useState } from 'preact/hooks';
import { api } from '../api.ts';
import { dateTime } from '../format.ts';
import { useI18n } from '../i18n.ts';
import { useLive } from '../live.ts';
import { ProblemMessage } from '../problem.tsx';
import type { SystemSummary } from '../types.ts';
import { useLoad } from '../use-load.ts';

const STAGES = ['proposed', 'assessing', 'in_review', 'changes_requested', 'approved', 'deployed', 'suspended', 'rejected', 'retired'];
const TIERS = ['minimal', 'limited', 'high', 'prohibited'];
const SECTORS = ['finance', 'healthcare', 'education', 'transportation', 'public_services', 'other'];

/** Every system the reader may see (all of them for auditors), filtered on the API and searched here. */
export function Systems(): JSX.Element {
  const { t, term, lang } = useI18n();
  const [filter, setFilter] = useState({ stage: '', tier: '', sector: '' });
  const [search, setSearch] = useState('');
  const query = new URLSearchParams(Object.entries({ ...filter, pageSize: '200' }).filter(([, v]) => v !== '')).toString();
  const list = useLoad(() => api<{ items: SystemSummary[] }>('GET', `/v1/systems?${query}`).then((p) => p.items), [query]);
  useLive(useCallback(() => list.reload(), [list.reload]));
  const needle = search.trim().toLowerCase();
  const shown = (list.data ?? []).filter((s) => !needle || s.systemId.includes(needle) || (s.owner ?? '').toLowerCase().includes(needle));
  const select = (name: 'stage' | 'tier' | 'sector', options: string[], prefix: string) => (
    <div class="field inline">
      <label for={`filter-${name}`}>{t(`systems.${name}`)}</label>
      <select id={`filter-${name}`} value={filter[name]} onChange={(e) => setFilter({ ...filter, [name]: e.currentTarget.value })}>
        <option value="">{t('common.any')}</option>
        {options.map((o) => <option key={o} value={o}>{term(prefix, o)}</option>)}
      </select>
    </div>
  );
  return (
    <section aria-labelledby="systems-title">
      <h1 id="systems-title">{t('systems.title')}</h1>
      <form class="filters" role="search" onSubmit={(e) => e.preventDefault()}>
        <div class="field inline">
          <label for="search">{t('systems.search')}</label>
          <input id="search" type="search" value={search} onInput={(e) => setSearch(e.currentTarget.value)} />
        </div>
        {select('stage', STAGES, 'stage')}
        {select('tier', TIERS, 'tier')}
        {select('sector', SECTORS, 'sector')}
      </form>
      {list.problem && <ProblemMessage problem={list.problem} />}
      {!list.data && !list.problem && <p>{t('common.loading')}</p>}
      {list.data && <p class="muted" role="status">{t('systems.count', { count: shown.length })}</p>}
      {list.data && shown.length === 0 && <p>{t('systems.empty')}</p>}
      {shown.length > 0 && (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('inbox.system')}</th>
                <th scope="col">{t('systems.stage')}</th>
                <th scope="col">{t('systems.tier')}</th>
                <th scope="col">{t('systems.sector')}</th>
                <th scope="col">{t('systems.owner')}</th>
                <th scope="col">{t('systems.started')}</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((s) => (
                <tr key={s.systemId} data-system={s.systemId}>
                  <th scope="row"><a href={`#/systems/${encodeURIComponent(s.systemId)}`}>{s.systemId}</a></th>
                  <td>{s.stage ? term('stage', s.stage) : '—'}</td>
                  <td>{s.tier ? term('tier', s.tier) : '—'}</td>
                  <td>{s.sector ? term('sector', s.sector) : '—'}</td>
                  <td>{s.owner ?? '—'}</td>
                  <td>{s.startedAt ? dateTime(lang, s.startedAt) : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
