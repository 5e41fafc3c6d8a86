import type { JSX } from 'preact';
import { api } from '../api.ts';
import { dateTime } from '../format.ts';
import { useI18n } from '../i18n.ts';
import { useLoad } from '../use-load.ts';

// GET /v1/systems/{id}/oversight as the console reads it (the OpenAPI document's OversightView is its definition).
interface Figures {
  decisions: number;
  reviewedShare: number;
  overrideRate: number;
  previousOverrideRate: number | null;
  trend: string;
  peopleAffected: number;
}
interface OversightView {
  periods: { period: string; figures: Figures }[];
  thresholds: { overrideRateMax: number; minDecisions: number; volumeAboveScale: boolean; declaredScale: number | null; retention: string } | null;
  findings: { kind: string; detail: string; outcome: string; at: string }[];
}

/**
 * The oversight signals of a deployed model's logged decisions: volume, share reviewed by a person, override rate
 * and its trend this month and last, the pack's thresholds, and what the decision checker found. Shown only when the
 * system logs decisions (or something was found); it reloads with the page's live updates through `version`.
 */
export function OversightSection({ systemId, version }: { systemId: string; version?: unknown }): JSX.Element | null {
  const { t, term, lang } = useI18n();
  const path = `/v1/systems/${encodeURIComponent(systemId)}/oversight`;
  const view = useLoad(() => api<OversightView>('GET', path), [path, version]);
  const v = view.data;
  if (!v || (v.findings.length === 0 && v.periods.every((p) => p.figures.decisions === 0))) return null;
  const pct = (share: number | null) => (share === null ? '—' : new Intl.NumberFormat(lang, { style: 'percent', maximumFractionDigits: 1 }).format(share));
  const th = v.thresholds;
  return (
    <section aria-labelledby="oversight-title" data-testid="oversight">
      <h2 id="oversight-title">{t('oversight.title')}</h2>
      <table>
        <caption>{t('oversight.caption')}</caption>
        <thead>
          <tr>
            {(['month', 'decisions', 'reviewed', 'overridden', 'previous', 'trend', 'people'] as const).map((k) => (
              <th scope="col" key={k}>{t(`oversight.${k}`)}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {v.periods.map(({ period, figures: f }) => (
            <tr key={period} data-period={period}>
              <th scope="row">{period}</th>
              <td>{f.decisions}</td>
              <td>{pct(f.reviewedShare)}</td>
              <td>{pct(f.overrideRate)}</td>
              <td>{pct(f.previousOverrideRate)}</td>
              <td>{term('trend', f.trend)}</td>
              <td>{f.peopleAffected}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {th && (
        <ul class="thresholds">
          <li>{t('oversight.overrideMax', { share: pct(th.overrideRateMax), min: th.minDecisions })}</li>
          <li>{th.volumeAboveScale && th.declaredScale !== null ? t('oversight.scale', { scale: th.declaredScale }) : t('oversight.noScale')}</li>
          <li>{t('oversight.retention', { retention: th.retention })}</li>
        </ul>
      )}
      {v.findings.length > 0 && (
        <>
          <h3>{t('oversight.findings')}</h3>
          <ul class="findings">
            {v.findings.map((f) => (
              <li key={`${f.kind}-${f.at}`} data-finding={f.kind}>
                <strong>{term('finding', f.kind)}</strong> {f.detail} <span class="muted">({dateTime(lang, f.at)}; {f.outcome})</span>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
