import type { JSX } from 'preact';
import { download, saveFile } from '../api.ts';
import { dateTime } from '../format.ts';
import { useI18n } from '../i18n.ts';
import { ProblemMessage } from '../problem.tsx';
import { trailRow } from '../../../events/trail-row.ts';
import { checkChain, exportTrail } from '../trail.ts';
import type { EventPage, SystemState } from '../types.ts';
import type { ApiProblem } from '../api.ts';

interface Props {
  state: SystemState;
  page?: EventPage;
  problem?: ApiProblem;
}

/** The timeline (who, when, what, why), the chain's verification, and the exports. */
export function TimelineSection({ state, page, problem }: Props): JSX.Element {
  const { t, term, lang } = useI18n();
  const events = page?.events ?? [];
  const chain = checkChain(events, state.lastHash);
  const id = state.systemId;
  const save = (format: 'json' | 'csv') =>
    saveFile(new Blob([exportTrail(events, format)], { type: format === 'json' ? 'application/json' : 'text/csv' }), `${id}-trail.${format}`);
  const approved = ['approved', 'deployed'].includes(state.stage);
  return (
    <section aria-labelledby="timeline-title">
      <h2 id="timeline-title">{t('timeline.title')}</h2>
      {problem && <ProblemMessage problem={problem} />}
      <div class="verify" aria-labelledby="verify-title">
        <h3 id="verify-title">{t('verify.title')}</h3>
        {events.length === 0 && <p>{t('verify.empty')}</p>}
        {events.length > 0 && chain.ok && (
          <ul data-testid="verification" data-ok="true">
            <li>{t('verify.ok', { count: events.length, last: events.at(-1)!.sequence })}</li>
            <li>{t('verify.signatures')}</li>
            <li>{chain.headMatches ? t('verify.head') : t('verify.headMismatch')}</li>
          </ul>
        )}
        {!chain.ok && <p role="alert" data-testid="verification" data-ok="false">{t('verify.broken', { sequence: chain.brokenAt ?? 0 })}</p>}
        {page && page.quarantined.length > 0 && (
          <p role="alert">{t('verify.quarantined', { count: page.quarantined.length, reasons: page.quarantined.map((q) => `${q.sequence}: ${q.kind}`).join('; ') })}</p>
        )}
      </div>
      <p class="exports">
        <button type="button" onClick={() => save('json')} disabled={events.length === 0}>{t('export.json')}</button>{' '}
        <button type="button" onClick={() => save('csv')} disabled={events.length === 0}>{t('export.csv')}</button>{' '}
        {approved && <button type="button" onClick={() => void download(`/v1/systems/${encodeURIComponent(id)}/attestation`, `${id}.attestation.json`)}>{t('export.attestation')}</button>}
      </p>
      <div class="table-wrap">
        <table class="timeline">
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">{t('timeline.when')}</th>
              <th scope="col">{t('timeline.who')}</th>
              <th scope="col">{t('timeline.what')}</th>
              <th scope="col">{t('timeline.why')}</th>
            </tr>
          </thead>
          <tbody>
            {events.map((e) => {
              const r = trailRow(e);
              return (
                <tr key={e.id} data-type={r.what}>
                  <td>{r.sequence}</td>
                  <td><time dateTime={r.when}>{dateTime(lang, r.when)}</time></td>
                  <td>{r.who || '—'}</td>
                  <td>{term('event', r.what)}</td>
                  <td>{r.why || '—'}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}
