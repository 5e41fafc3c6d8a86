import type { SqlRunner, SqlValue } from '../../adapters/read-db/read-db.ts';
import type { ReadScope } from '../../domain/authorization.ts';
import type { PendingReview } from '../../wire/views.ts';
import { decodeInboxCursor, encodeInboxCursor } from './list-cursor.ts';

/** Which page of the inbox: at most `pageSize` rounds, after the page a `pageToken` ended. */
export interface InboxPage {
  readonly pageSize: number;
  readonly pageToken?: string | undefined;
}

interface InboxRow {
  system_id: string;
  name: string | null;
  tier: string | null;
  round: number;
  purpose: string;
  committee: string;
  deadline: string;
  urgent: number;
  votes_cast: number;
  expected_voters: number;
}

/**
 * One page of the open rounds that wait for `member`'s vote, among the systems `scope` may read, soonest deadline
 * first. The index `(member, deadline, system_id)` gives the rows in page order, so a page reads `pageSize + 1` of
 * them however many rounds wait; the read scope is an EXISTS probe of each, not a set built from all the member's
 * systems (which made every request cost as much as the whole fleet).
 */
export async function pendingReviews(
  db: SqlRunner,
  scope: ReadScope,
  member: string,
  page: InboxPage,
): Promise<{ items: PendingReview[]; nextPageToken: string | null }> {
  if (scope.kind === 'none') return { items: [], nextPageToken: null };
  const params: SqlValue[] = [member];
  const bind = (v: SqlValue) => `$${params.push(v)}`;
  const where = ['i.member = $1'];
  if (scope.kind === 'related')
    where.push(`EXISTS (SELECT 1 FROM read_system_readers r WHERE r.reader = ${bind(scope.sub)} AND r.system_id = i.system_id)`);
  if (page.pageToken !== undefined) {
    const after = decodeInboxCursor(page.pageToken);
    const at = bind(after.deadline);
    where.push(`(i.deadline > ${at} OR (i.deadline = ${at} AND i.system_id > ${bind(after.systemId)}))`);
  }
  const rows = await db.query<InboxRow>(
    `SELECT i.system_id, i.name, i.tier, i.round, i.purpose, i.committee, i.deadline, i.urgent, i.votes_cast,
       i.expected_voters FROM read_inbox i WHERE ${where.join(' AND ')}
     ORDER BY i.deadline, i.system_id LIMIT ${bind(page.pageSize + 1)}`,
    params,
  );
  const items = rows.slice(0, page.pageSize).map(pendingOf);
  const last = items.at(-1);
  const more = rows.length > page.pageSize && last !== undefined;
  return { items, nextPageToken: more ? encodeInboxCursor(last) : null };
}

const pendingOf = (r: InboxRow): PendingReview => ({
  systemId: r.system_id,
  name: r.name,
  tier: r.tier as PendingReview['tier'],
  round: r.round,
  purpose: r.purpose as PendingReview['purpose'],
  committee: r.committee,
  deadline: r.deadline,
  urgent: r.urgent === 1,
  votesCast: r.votes_cast,
  expectedVoters: r.expected_voters,
});
