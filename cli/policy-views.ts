import type { ApplyReport, ImpactReport, SystemImpact } from '../wire/policy-impact.ts';
import { renderTable } from './output.ts';

const ids = (cs: readonly { id: string }[]): string => cs.map((c) => c.id).join(', ');

/** One line per system the version changes, then each change's reasons indented below it. */
export function impactTable(r: ImpactReport): string {
  const head =
    `${r.policyVersion}: ${r.assessed} live system(s) under ${r.pack} re-assessed (from the ${r.source === 'read_side' ? 'read side' : 'workflows'}); ` +
    `${r.systems.length} change, ${r.unchanged} unchanged${r.alreadyApplied ? `, ${r.alreadyApplied} already on it` : ''}`;
  if (r.systems.length === 0) return `${head}\n`;
  const table = renderTable<SystemImpact>(r.systems, [
    { header: 'system', value: (s) => s.systemId },
    { header: 'stage', value: (s) => s.stage },
    { header: 'tier', value: (s) => (s.impact.tier.from === s.impact.tier.to ? s.impact.tier.to : `${s.impact.tier.from ?? '-'} -> ${s.impact.tier.to}`) },
    { header: 'committee', value: (s) => (s.impact.committee.from === s.impact.committee.to ? s.impact.committee.to : `${s.impact.committee.from ?? '-'} -> ${s.impact.committee.to ?? '-'}`) },
    { header: 'added', value: (s) => ids(s.impact.addedObligations) },
    { header: 'removed', value: (s) => ids(s.impact.removedObligations) },
    { header: 're-review', value: (s) => (s.impact.reReview ? 'yes' : 'no') },
  ]);
  const why = r.systems.map((s) => [`${s.systemId}:`, ...s.impact.why.map((w) => `  ${w}`), ...(s.blocked ? [`  waits: ${s.blocked}`] : [])].join('\n'));
  return `${head}\n\n${table}\n\n${why.join('\n')}\n`;
}

/** One line per system the application reached. */
export function applyTable(r: ApplyReport): string {
  const applied = r.results.filter((x) => x.outcome === 'applied').length;
  const head = `${r.policyVersion}: applied to ${applied} of ${r.results.length} system(s) it changes`;
  if (r.results.length === 0) return `${head}\n`;
  return `${head}\n\n${renderTable(r.results, [
    { header: 'system', value: (x) => x.systemId },
    { header: 'outcome', value: (x) => x.outcome },
    { header: 're-review', value: (x) => (x.reReview ? 'opened' : 'no') },
    { header: 'detail', value: (x) => x.detail ?? x.events.map((e) => e.replace(/^ai\.governance\.|\.v1$/g, '')).join(', ') },
  ])}\n`;
}
