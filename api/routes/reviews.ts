import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import type { LifecycleState } from '../../domain/lifecycle/state.ts';
import { holds, may } from '../../domain/authorization.ts';
import { DomainError, ErrorCode } from '../../domain/errors.ts';
import type { AuthEnv } from '../auth.ts';
import { stateOrNothing } from './read-scope.ts';
import type { GovernanceClient } from '../../client/governance-client.ts';
import type { PendingReview, UnstaffedReview } from '../../wire/views.ts';
import { PendingReviews, UnstaffedReviews } from '../../wire/views.ts';
import { errorResponses, jsonContent } from './openapi-helpers.ts';

const pending = createRoute({
  method: 'get',
  path: '/v1/reviews/pending',
  tags: ['reviews'],
  summary: "The open review rounds that wait for the caller's vote",
  description:
    'A round waits for you while you are an expected voter who has neither voted nor recused, and may read the ' +
    'system (a committee role on its committee); for anyone else the list is empty.',
  security: [{ bearer: [] }],
  responses: { 200: { description: 'what waits', content: jsonContent(PendingReviews) }, ...errorResponses(401) },
});

const unstaffed = createRoute({
  method: 'get',
  path: '/v1/reviews/unstaffed',
  tags: ['reviews'],
  summary: 'The reviews that could not be staffed from the roster and wait for an administrator',
  description:
    'Roles: admin, chair. Fix the roster, then POST /v1/systems/{id}/staffing-retries (admin) to draw the committee again.',
  security: [{ bearer: [] }],
  responses: {
    200: { description: 'what waits', content: jsonContent(UnstaffedReviews) },
    ...errorResponses(401, 403),
  },
});

/** The staffing failure of `state` as an unstaffed review, or undefined when its reviews are staffed. */
export function unstaffedOf(state: LifecycleState): UnstaffedReview | undefined {
  const f = state.staffing;
  if (!f) return undefined;
  const { systemId, stage, tier } = state;
  return {
    systemId,
    name: state.proposal?.name ?? null,
    stage,
    tier,
    purpose: f.purpose,
    committee: f.committee,
    reason: f.reason,
  };
}

/** The open round of `state` as a pending review of `member`, or undefined when nothing waits for them. */
export function pendingFor(state: LifecycleState, member: string): PendingReview | undefined {
  const r = state.review;
  if (!r || !r.expectedVoters.includes(member)) return undefined;
  if (r.votes.some((v) => v.voter === member) || r.recusals.some((x) => x.member === member)) return undefined;
  return {
    systemId: state.systemId,
    name: state.proposal?.name ?? null,
    tier: state.tier,
    round: r.round,
    purpose: r.purpose,
    committee: r.committee,
    deadline: r.deadline,
    urgent: r.urgent,
    votesCast: r.votes.length,
    expectedVoters: r.expectedVoters.length,
  };
}

const MAX_SCANNED = 1000;
/**
 * Registers GET /v1/reviews/pending and GET /v1/reviews/unstaffed. Every open round (initial, modification, re-review, incident) puts the system
 * in `in_review`, so the GovStage search attribute narrows the scan; each candidate's state says who still owes a
 * vote. Bounded by MAX_SCANNED systems.
 */
export function registerReviewRoutes(app: OpenAPIHono<AuthEnv>, governance: GovernanceClient): void {
  app.openapi(pending, async (c) => {
    const caller = c.get('caller');
    const items = (await runningStates(governance, 'in_review'))
      .map((s) => (may(caller, 'readSystem', s).allowed ? pendingFor(s, caller.sub) : undefined))
      .filter((p): p is PendingReview => p !== undefined)
      .sort((a, b) => a.deadline.localeCompare(b.deadline));
    return c.json({ items }, 200);
  });
  // A review of any purpose can fail to be staffed (a re-review leaves the stage as it was), so every running system is read.
  app.openapi(unstaffed, async (c) => {
    const caller = c.get('caller');
    if (!holds(caller, ['admin', 'chair'])) {
      throw new DomainError(ErrorCode.forbidden, `${caller.sub} needs one of the roles admin, chair (has ${caller.roles.join(', ') || 'none'})`);
    }
    const items = (await runningStates(governance))
      .map(unstaffedOf)
      .filter((u): u is UnstaffedReview => u !== undefined)
      .sort((a, b) => a.systemId.localeCompare(b.systemId));
    return c.json({ items }, 200);
  });
}

/** The states of running systems (in one stage, if given), bounded by MAX_SCANNED; a state that does not answer is left out. */
async function runningStates(governance: GovernanceClient, stage?: LifecycleState['stage']): Promise<LifecycleState[]> {
  const ids: string[] = [];
  let pageToken: string | undefined;
  do {
    const page = await governance.list({
      ...(stage ? { stage } : {}),
      pageSize: 200,
      ...(pageToken ? { nextPageToken: pageToken } : {}),
    });
    for (const s of page.systems) if (s.status === 'RUNNING') ids.push(s.systemId);
    pageToken = page.nextPageToken ?? undefined;
  } while (pageToken && ids.length < MAX_SCANNED);
  const states = await Promise.all(ids.map((id) => stateOrNothing(governance, id)));
  return states.filter((s): s is LifecycleState => s !== undefined);
}
