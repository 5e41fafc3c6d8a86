import { relatedPeople } from '../../domain/authorization.ts';
import { isTerminal, type LifecycleState } from '../../domain/lifecycle/state.ts';
import type { SqlValue } from '../../adapters/read-db/read-db.ts';
import { packNameOf } from '../../domain/pack-ref.ts';

/** The row of one system in `read_systems`, in column order. */
export function systemRow(s: LifecycleState, at: { startedAt: string; updatedAt: string }): SqlValue[] {
  const p = s.proposal;
  return [
    s.systemId,
    p?.name ?? null,
    s.stage,
    s.tier,
    p?.owner ?? null,
    p?.ownerTeam ?? null,
    p?.sector ?? null,
    // The pack's name: a system on an applied version (`name@version`) still lists under its pack.
    s.policyPack === null ? null : packNameOf(s.policyPack),
    s.policyVersion,
    s.nextReReviewAt,
    JSON.stringify(s.conditions.filter((c) => c.status === 'open').map((c) => c.id)),
    JSON.stringify(s.incidents.map((i) => ({ incidentId: i.incidentId, severity: i.severity, reportDueAt: i.reportDueAt }))),
    isTerminal(s) ? 1 : 0,
    searchText(s),
    s.sequence,
    s.lastHash,
    at.startedAt,
    at.updatedAt,
    JSON.stringify(s),
  ];
}

/** What a text search matches, lower-cased: the id, name, team, owner, proposer and purpose. */
export function searchText(s: LifecycleState): string {
  const p = s.proposal;
  return [s.systemId, p?.name, p?.ownerTeam, p?.owner, p?.proposer, p?.purpose]
    .filter((x): x is string => typeof x === 'string')
    .join('\n')
    .toLowerCase();
}

/** The inbox rows of a state: one per expected voter of the open round who has neither voted nor recused. */
export function inboxRows(s: LifecycleState): SqlValue[][] {
  const r = s.review;
  if (!r) return [];
  const done = new Set([...r.votes.map((v) => v.voter), ...r.recusals.map((x) => x.member)]);
  return r.expectedVoters
    .filter((m) => !done.has(m))
    .map((member) => [
      member,
      s.systemId,
      s.proposal?.name ?? null,
      s.tier,
      r.round,
      r.purpose,
      r.committee,
      r.deadline,
      r.urgent ? 1 : 0,
      r.votes.length,
      r.expectedVoters.length,
    ]);
}

/** The people whose relationship lets them read the system (the read scope's rows); none before its proposal. */
export const readerRows = (s: LifecycleState): SqlValue[][] =>
  s.proposal ? relatedPeople(s).map((reader) => [s.systemId, reader]) : [];

/** The unstaffed review of a state, if any, as a row. */
export const unstaffedRow = (s: LifecycleState): SqlValue[] | undefined =>
  s.staffing ? [s.systemId, s.staffing.purpose, s.staffing.committee, s.staffing.reason] : undefined;
