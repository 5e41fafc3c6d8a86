import type { GovernanceClient } from '../client/governance-client.ts';
import { relatedPeople } from '../domain/authorization.ts';
import type { LifecycleState } from '../domain/lifecycle/state.ts';

// The bound the inbox had before the read side: at most this many systems scanned per request.
const MAX_SCANNED = 1000;

/**
 * The inbox as it was served before the read side, kept here as the baseline: list the `in_review` systems through
 * the search attributes, query every one's state (one Temporal query per open round, each waking its workflow, or
 * replaying it when evicted), keep the rounds that wait for `member` on systems they may read, sort by deadline.
 */
export async function fanOutInbox(gc: GovernanceClient, member: string): Promise<{ scanned: number; waiting: number }> {
  const ids: string[] = [];
  let nextPageToken: string | undefined;
  do {
    const page = await gc.list({ stage: 'in_review', pageSize: 200, ...(nextPageToken ? { nextPageToken } : {}) });
    for (const s of page.systems) if (s.status === 'RUNNING') ids.push(s.systemId);
    nextPageToken = page.nextPageToken ?? undefined;
  } while (nextPageToken && ids.length < MAX_SCANNED);
  const states = await Promise.all(ids.map((id) => gc.getState(id).catch(() => undefined)));
  const waiting = states
    .filter((s): s is LifecycleState => s !== undefined && relatedPeople(s).includes(member) && waitsFor(s, member))
    .sort((a, b) => a.review!.deadline.localeCompare(b.review!.deadline));
  return { scanned: ids.length, waiting: waiting.length };
}

function waitsFor(s: LifecycleState, member: string): boolean {
  const r = s.review;
  if (!r || !r.expectedVoters.includes(member)) return false;
  return !r.votes.some((v) => v.voter === member) && !r.recusals.some((x) => x.member === member);
}
