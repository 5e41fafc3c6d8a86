import type { CommandReceipt, PendingReview, SystemSummary, SystemView, UnstaffedReview } from '../wire/views.ts';
import { renderFields, renderTable } from './output.ts';

/** The list of systems as a table. */
export function systemsTable(items: readonly SystemSummary[]): string {
  if (items.length === 0) return 'no systems match';
  return renderTable(items, [
    { header: 'system', value: (s) => s.systemId },
    { header: 'stage', value: (s) => s.stage },
    { header: 'tier', value: (s) => s.tier },
    { header: 'sector', value: (s) => s.sector },
    { header: 'owner', value: (s) => s.owner },
    { header: 'started', value: (s) => s.startedAt },
  ]);
}

/** One system's state: the facts first, then the open review and the conditions. */
export function systemDetails(s: SystemView): string {
  const parts = [
    renderFields([
      ['system', s.systemId],
      ['name', s.proposal?.name],
      ['stage', s.stage],
      ['tier', s.tier],
      ['owner', s.proposal?.owner],
      ['policy', s.policyVersion],
      ['approved version', s.approvedVersion],
      ['running', s.running ? `${s.running.version} in ${s.running.environment}` : undefined],
      ['suspended', s.suspension?.reason],
      [
        'staffing failed',
        s.staffing ? `${s.staffing.reason} (an administrator retries with \`govflow retry-staffing\`)` : undefined,
      ],
      ['next re-review', s.nextReReviewAt],
      ['events', s.sequence],
    ]),
  ];
  if (s.assessment) {
    const rules = s.assessment.firedRules.map((r) => `  ${r.pillar}/${r.ruleId} +${r.score}: ${r.reason}`);
    parts.push(['risk assessment:', ...(rules.length ? rules : ['  no rule fired'])].join('\n'));
  }
  if (s.review) {
    const r = s.review;
    parts.push(
      `review round ${r.round} (${r.purpose}, committee ${r.committee}), deadline ${r.deadline}\n` +
        renderTable(r.expectedVoters, [
          { header: 'member', value: (m) => m },
          {
            header: 'vote',
            value: (m) =>
              r.votes.find((v) => v.voter === m)?.vote ??
              (r.recusals.some((x) => x.member === m) ? 'recused' : 'waiting'),
          },
          { header: 'rationale', value: (m) => r.votes.find((v) => v.voter === m)?.rationale },
        ]),
    );
  }
  if (s.conditions.length > 0) {
    parts.push(
      'conditions:\n' +
        renderTable(s.conditions, [
          { header: 'id', value: (c) => c.id },
          { header: 'status', value: (c) => c.status },
          { header: 'due', value: (c) => c.dueAt ?? c.dueBefore },
          { header: 'description', value: (c) => c.description },
        ]),
    );
  }
  return parts.join('\n\n');
}

/** Reviews waiting for the caller as a table. */
export function pendingTable(items: readonly PendingReview[]): string {
  if (items.length === 0) return 'nothing waits for you';
  return renderTable(items, [
    { header: 'system', value: (p) => p.systemId },
    { header: 'name', value: (p) => p.name },
    { header: 'tier', value: (p) => p.tier },
    { header: 'round', value: (p) => `${p.round} (${p.purpose})` },
    { header: 'votes', value: (p) => `${p.votesCast}/${p.expectedVoters}` },
    { header: 'deadline', value: (p) => `${p.deadline}${p.urgent ? ' URGENT' : ''}` },
  ]);
}

/** Reviews the roster could not staff, as a table. */
export function unstaffedTable(items: readonly UnstaffedReview[]): string {
  if (items.length === 0) return 'every review is staffed';
  return renderTable(items, [
    { header: 'system', value: (u) => u.systemId },
    { header: 'stage', value: (u) => u.stage },
    { header: 'review', value: (u) => u.purpose },
    { header: 'committee', value: (u) => u.committee },
    { header: 'reason', value: (u) => u.reason },
  ]);
}

/** One line saying what a command left behind. */
export function receiptLine(what: string, r: CommandReceipt): string {
  return `${what}: ${r.systemId} is now ${r.stage} (event ${r.sequence})`;
}
