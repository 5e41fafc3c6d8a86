import type { JSX } from 'preact';
import { useCallback, useState } from 'preact/hooks';
import { api } from '../api.ts';
import { useI18n, type MessageKey } from '../i18n.ts';
import { useLive } from '../live.ts';
import { ProblemMessage } from '../problem.tsx';
import { useLoad } from '../use-load.ts';

const TIERS = ['minimal', 'limited', 'high', 'prohibited'];
const SECTORS = ['finance', 'healthcare', 'education', 'transportation', 'public_services', 'other'];

/** The indicators as GET /v1/indicators serves them: groups of figures (numbers, nulls, or counts by key). */
type Figure = number | null | Record<string, number> | { member: string; rounds: number }[] | Figures;
interface Figures { [name: string]: Figure }
type Indicators = { window: { label: string; from: string; to: string }; [group: string]: unknown };

/** The figures shown, group by group, in the order of docs/indicators.md; `share` ones as percentages. */
const GROUPS: Record<string, readonly string[]> = {
  systems: ['total', 'byTier', 'byStage', 'bySector', 'byPack'],
  decisions: ['count', 'approved', 'rejected', 'prohibited', 'hoursToDecision.p50', 'hoursToDecision.p90'],
  reviews: ['opened', 'pastDeadline', 'escalations'],
  reReviews: ['due', 'decided', 'overdue'],
  conditions: ['dueInPeriod', 'metOnTime', 'openPastDue'],
  incidents: ['total', 'withinDeadline', 'shareWithinDeadline', 'bySeverity'],
  transparency: ['due', 'onTime', 'late', 'outstanding', 'shareOnTime'],
  suspensions: ['started', 'ended', 'ongoing', 'hours.p50', 'hours.max', 'byReason'],
  committee: ['openRounds', 'waiting'],
};

const at = (v: unknown, path: string): unknown => path.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], v);

/** The compliance indicators over a period, filtered by sector, tier and pack: the same figures the API gives. */
export function Dashboard(): JSX.Element {
  const { t, term } = useI18n();
  const [filter, setFilter] = useState({ period: '', sector: '', tier: '', pack: '' });
  const query = new URLSearchParams(Object.entries(filter).filter(([, v]) => v.trim() !== '')).toString();
  const data = useLoad(() => api<Indicators>('GET', `/v1/indicators?${query}`), [query]);
  useLive(useCallback(() => data.reload(), [data.reload]));
  const input = (name: 'period' | 'pack', hint: MessageKey) => (
    <div class="field inline">
      <label for={`dash-${name}`}>{t(`dash.filter.${name}`)}</label>
      <input id={`dash-${name}`} type="text" value={filter[name]} placeholder={t(hint)} onChange={(e) => setFilter({ ...filter, [name]: e.currentTarget.value })} />
    </div>
  );
  const select = (name: 'sector' | 'tier', options: string[]) => (
    <div class="field inline">
      <label for={`dash-${name}`}>{t(`systems.${name}`)}</label>
      <select id={`dash-${name}`} value={filter[name]} onChange={(e) => setFilter({ ...filter, [name]: e.currentTarget.value })}>
        <option value="">{t('common.any')}</option>
        {options.map((o) => <option key={o} value={o}>{term(name, o)}</option>)}
      </select>
    </div>
  );
  return (
    <section aria-labelledby="dash-title" class="dashboard">
      <h1 id="dash-title">{t('dash.title')}</h1>
      <form class="filters" onSubmit={(e) => e.preventDefault()} aria-label={t('dash.filters')}>
        {input('period', 'dash.filter.periodHint')}
        {select('sector', SECTORS)}
        {select('tier', TIERS)}
        {input('pack', 'dash.filter.packHint')}
      </form>
      {data.problem && <ProblemMessage problem={data.problem} />}
      {!data.data && !data.problem && <p>{t('common.loading')}</p>}
      {data.data && <p class="muted" role="status" data-testid="window">{t('dash.window', { label: data.data.window.label })}</p>}
      {data.data && Object.entries(GROUPS).map(([group, names]) => <Group key={group} group={group} names={names} values={data.data![group]} />)}
    </section>
  );
}

function Group({ group, names, values }: { group: string; names: readonly string[]; values: unknown }): JSX.Element {
  const { t } = useI18n();
  return (
    <section aria-labelledby={`dash-${group}`}>
      <h2 id={`dash-${group}`}>{t(`dash.${group}` as MessageKey)}</h2>
      <dl class="figures">
        {names.map((name) => (
          <div key={name}>
            <dt>{t(`dash.${group}.${name}` as MessageKey)}</dt>
            <dd data-figure={`${group}.${name}`}><Value name={name} value={at(values, name)} /></dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

function Value({ name, value }: { name: string; value: unknown }): JSX.Element {
  const { t, term } = useI18n();
  if (value === null || value === undefined) return <span>—</span>;
  if (typeof value === 'number') return <span>{name.startsWith('share') ? `${Math.round(value * 100)}%` : String(value)}</span>;
  const prefix = name === 'byTier' ? 'tier' : name === 'byStage' ? 'stage' : name === 'bySector' ? 'sector' : name === 'bySeverity' ? 'severity' : 'dash.key';
  const rows = Array.isArray(value)
    ? (value as { member: string; rounds: number }[]).map((w) => [w.member, w.rounds] as const)
    : Object.entries(value as Record<string, number>);
  if (rows.length === 0) return <span class="muted">{t('common.none')}</span>;
  return <ul class="counts">{rows.map(([k, n]) => <li key={k} data-key={k}>{term(prefix, k)}: {n}</li>)}</ul>;
}
