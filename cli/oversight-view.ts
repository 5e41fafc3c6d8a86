import type { OversightView } from '../wire/decisions.ts';
import { renderFields, renderTable } from './output.ts';

const pct = (share: number | null) => (share === null ? '—' : `${Math.round(share * 1000) / 10}%`);

/** True when the system logged decisions this month or last, or the checker found something: worth showing. */
export const hasOversightSignals = (view: OversightView): boolean =>
  view.findings.length > 0 || view.periods.some((p) => p.figures.decisions > 0);

/** A system's oversight signals as text: each month's figures, the pack's thresholds, and the checker's findings. */
export function oversightText(view: OversightView): string {
  const parts = [
    renderTable(view.periods, [
      { header: 'month', value: (p) => p.period },
      { header: 'decisions', value: (p) => p.figures.decisions },
      { header: 'reviewed', value: (p) => pct(p.figures.reviewedShare) },
      { header: 'overridden', value: (p) => pct(p.figures.overrideRate) },
      { header: 'month before', value: (p) => pct(p.figures.previousOverrideRate) },
      { header: 'trend', value: (p) => p.figures.trend },
      { header: 'people', value: (p) => p.figures.peopleAffected },
    ]),
  ];
  const t = view.thresholds;
  if (t) {
    parts.push(
      renderFields([
        ['re-review when overrides exceed', `${pct(t.overrideRateMax)} of at least ${t.minDecisions} decisions a month`],
        ['re-review when people exceed', t.volumeAboveScale ? (t.declaredScale ?? 'no declared scale') : 'not checked'],
        ['decisions kept', t.retention],
      ]),
    );
  }
  if (view.findings.length > 0) {
    parts.push(
      renderTable(view.findings, [
        { header: 'finding', value: (f) => f.kind },
        { header: 'detail', value: (f) => f.detail },
        { header: 'outcome', value: (f) => f.outcome },
      ]),
    );
  }
  return parts.join('\n\n');
}
