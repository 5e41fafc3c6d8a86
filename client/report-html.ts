import type { Indicators } from '../domain/indicators/indicators.ts';
import type { RegisterEntry, RegulatorReport } from '../domain/indicators/report.ts';
import { REPORT_CSS, label, type LabelKey } from './report-labels.ts';

const esc = (v: unknown): string =>
  String(v ?? '—').replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch] ?? ch);

const heading = (level: 2 | 3, key: LabelKey, id?: string) => `<h${level}${id ? ` id="${id}"` : ''}>${label(key)}</h${level}>`;

/** A table with a caption and header cells scoped to their columns, as screen readers expect. */
function table(caption: string, headers: readonly string[], rows: readonly (readonly unknown[])[]): string {
  const head = headers.map((h) => `<th scope="col">${esc(h)}</th>`).join('');
  const body = rows.length
    ? rows.map((r) => `<tr>${r.map((v, i) => (i === 0 ? `<th scope="row">${esc(v)}</th>` : `<td>${esc(v)}</td>`)).join('')}</tr>`).join('\n')
    : `<tr><td colspan="${headers.length}">none</td></tr>`;
  return `<table><caption>${esc(caption)}</caption><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

const countRows = (counts: Record<string, number>) => Object.entries(counts).sort(([a], [b]) => a.localeCompare(b));
const pct = (share: number | null) => (share === null ? '—' : `${(share * 100).toFixed(1)} %`);

function indicatorSection(ind: Indicators): string {
  const s = ind.systems;
  const figures: [string, unknown][] = [
    ['Systems (proposed by the end of the window)', s.total],
    ['Decisions on proposals', `${ind.decisions.count} (approved ${ind.decisions.approved}, rejected ${ind.decisions.rejected}, prohibited ${ind.decisions.prohibited})`],
    ['Hours from proposal to decision, p50 / p90', `${ind.decisions.hoursToDecision.p50 ?? '—'} / ${ind.decisions.hoursToDecision.p90 ?? '—'}`],
    ['Review rounds opened / past deadline / escalations', `${ind.reviews.opened} / ${ind.reviews.pastDeadline} / ${ind.reviews.escalations}`],
    ['Re-reviews due / decided / overdue', `${ind.reReviews.due} / ${ind.reReviews.decided} / ${ind.reReviews.overdue}`],
    ['Dated conditions due / met on time / open past due', `${ind.conditions.dueInPeriod} / ${ind.conditions.metOnTime} / ${ind.conditions.openPastDue}`],
    ['Incidents / reported within the deadline', `${ind.incidents.total} / ${ind.incidents.withinDeadline} (${pct(ind.incidents.shareWithinDeadline)})`],
    ['Transparency reports due / on time / late / outstanding', `${ind.transparency.due} / ${ind.transparency.onTime} / ${ind.transparency.late} / ${ind.transparency.outstanding} (${pct(ind.transparency.shareOnTime)} on time)`],
    ['Suspensions started / ended / ongoing', `${ind.suspensions.started} / ${ind.suspensions.ended} / ${ind.suspensions.ongoing}`],
    ['Suspension hours, p50 / max', `${ind.suspensions.hours.p50 ?? '—'} / ${ind.suspensions.hours.max ?? '—'}`],
    ['Decision-trail violations / systems with violations', `${ind.decisionTrail.violations} / ${ind.decisionTrail.systemsWithViolations}`],
    ['Oversight thresholds crossed / re-reviews made due', `${ind.decisionTrail.oversightCrossings} / ${ind.decisionTrail.reReviewsDue}`],
    ['Open review rounds', ind.committee.openRounds],
  ];
  return [
    heading(2, 'indicators', 'indicators'),
    table('Compliance indicators', ['Indicator', 'Value'], figures),
    `<div class="grid">`,
    table('Systems by stage', ['Stage', 'Systems'], countRows(s.byStage)),
    table('Systems by tier', ['Tier', 'Systems'], countRows(s.byTier)),
    table('Systems by sector', ['Sector', 'Systems'], countRows(s.bySector)),
    table('Systems by policy pack', ['Pack', 'Systems'], countRows(s.byPack)),
    table('Incidents by severity', ['Severity', 'Incidents'], countRows(ind.incidents.bySeverity)),
    table('Suspensions by reason', ['Reason', 'Suspensions'], countRows(ind.suspensions.byReason)),
    table('Decision-trail violations by kind', ['Kind', 'Violations'], countRows(ind.decisionTrail.violationsByKind)),
    table('Oversight thresholds crossed by rule', ['Rule', 'Crossings'], countRows(ind.decisionTrail.crossingsByRule)),
    `</div>`,
    table('Committee load: open rounds waiting for each member', ['Member', 'Rounds waiting'], ind.committee.waiting.map((w) => [w.member, w.rounds])),
  ].join('\n');
}

function registerSection(e: RegisterEntry): string {
  const head = e.head;
  return [
    `<section class="system" aria-labelledby="sys-${esc(e.systemId)}">`,
    `<h3 id="sys-${esc(e.systemId)}">${esc(e.name)} <code>${esc(e.systemId)}</code></h3>`,
    `<p>Owner ${esc(e.owner)} · sector ${esc(e.sector)} · pack ${esc(e.pack)} · stage ${esc(e.stage)} · proposed ${esc(e.proposedAt)}</p>`,
    table(`${e.systemId}: approvals`, ['When', 'Round', 'Purpose', 'Version', 'Approved by'], e.approvals.map((a) => [a.at, a.round, a.purpose, a.version, a.approvers.join(', ')])),
    table(`${e.systemId}: conditions`, ['Condition', 'Description', 'Due', 'Met', 'Status'], e.conditions.map((c) => [c.id, c.description, c.dueAt ?? 'before deployment', c.satisfiedAt, c.status])),
    table(`${e.systemId}: incidents`, ['Incident', 'Severity', 'Reported', 'Report due', 'Within deadline'], e.incidents.map((i) => [i.id, i.severity, i.reportedAt, i.reportDueAt, i.withinDeadline ? 'yes' : 'no'])),
    table(`${e.systemId}: re-reviews`, ['Cycle', 'Purpose', 'Due', 'Decided', 'Outcome'], e.reReviews.map((r) => [r.cycle, r.purpose, r.dueAt, r.decidedAt, r.outcome])),
    `<dl class="head"><dt>${label('head')}</dt><dd>sequence ${esc(head?.sequence)} at ${esc(head?.time)}</dd>`,
    `<dt>hash</dt><dd><code>${esc(head?.hash)}</code></dd><dt>signature</dt><dd><code>${esc(head?.sig ?? 'unsigned')}</code></dd>`,
    `<dt>key id</dt><dd><code>${esc(head?.sigkid)}</code></dd></dl>`,
    `</section>`,
  ].join('\n');
}

/** The report as one self-contained, printable HTML page (no scripts, no external resources), English with Chinese labels. */
export function renderReportHtml(report: RegulatorReport): string {
  const w = report.indicators.window;
  const f = report.filter;
  const filters = [f.sector && `sector ${f.sector}`, f.tier && `tier ${f.tier}`, f.pack && `pack ${f.pack}`].filter(Boolean).join(', ') || 'all systems';
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(report.title)}</title><style>${REPORT_CSS}</style></head>
<body><main>
<h1>${esc(report.title)} <span lang="zh-Hans">人工智能治理合规报告</span></h1>
<p>${label('window')}: ${esc(w.from)} to ${esc(w.to)} (exclusive), as of ${esc(w.asOf)} · ${esc(filters)} · generated ${esc(report.generatedAt)}</p>
${indicatorSection(report.indicators)}
${heading(2, 'register', 'register')}
<p>${report.register.length} high-tier system(s). Each chain head is the record's latest event; verify it with <code>govflow audit verify</code>.</p>
${report.register.map(registerSection).join('\n') || '<p>No high-tier systems.</p>'}
</main></body></html>
`;
}
