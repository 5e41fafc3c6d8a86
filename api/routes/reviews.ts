import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { holds, readScopeOf } from '../../domain/authorization.ts';
import { DomainError, ErrorCode } from '../../domain/errors.ts';
import type { AuthEnv } from '../auth.ts';
import type { ReadSide } from '../../consumer/read-side/read-side.ts';
import { PendingQuery } from '../../wire/schemas.ts';
import { PendingReviews, UnstaffedReviews } from '../../wire/views.ts';
import { errorResponses, jsonContent } from './openapi-helpers.ts';
import { awaitMinSequence } from './read-your-writes.ts';

const pending = createRoute({
  method: 'get',
  path: '/v1/reviews/pending',
  tags: ['reviews'],
  summary: "The open review rounds that wait for the caller's vote",
  description:
    'A round waits for you while you are an expected voter who has neither voted nor recused, and may read the ' +
    'system (a committee role on its committee); for anyone else the list is empty. Read from the read side, a page ' +
    'at a time (`pageSize`, default 50; `nextPageToken` is null on the last page); `minSequence` (from a command ' +
    'receipt) waits until it has that event.',
  security: [{ bearer: [] }],
  request: { query: PendingQuery },
  responses: { 200: { description: 'what waits', content: jsonContent(PendingReviews) }, ...errorResponses(400, 401, 503) },
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

/**
 * Registers GET /v1/reviews/pending and GET /v1/reviews/unstaffed, both read from the read side: the inbox is one
 * indexed query for the caller (its rows say who still owes a vote) that reads one page, whatever the number of
 * open rounds.
 */
export function registerReviewRoutes(app: OpenAPIHono<AuthEnv>, readSide: ReadSide, readWaitMs: number): void {
  app.openapi(pending, async (c) => {
    const caller = c.get('caller');
    const { minSequence, pageSize, pageToken } = c.req.valid('query');
    await awaitMinSequence(readSide, minSequence, readWaitMs);
    return c.json(await readSide.pending(readScopeOf(caller), caller.sub, { pageSize, pageToken }), 200);
  });
  app.openapi(unstaffed, async (c) => {
    const caller = c.get('caller');
    if (!holds(caller, ['admin', 'chair'])) {
      throw new DomainError(ErrorCode.forbidden, `${caller.sub} needs one of the roles admin, chair (has ${caller.roles.join(', ') || 'none'})`);
    }
    return c.json({ items: await readSide.unstaffed() }, 200);
  });
}
