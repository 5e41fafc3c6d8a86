import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import type { ScreeningCatalogue } from '../../client/screening-catalogue.ts';
import type { AuthEnv } from '../auth.ts';
import { ScreeningQuery, ScreeningView } from '../../wire/screening.ts';
import { errorResponses, jsonContent } from './openapi-helpers.ts';

const screening = createRoute({
  method: 'get',
  path: '/v1/policy/screening',
  tags: ['policy'],
  summary: 'The screening questions a proposal must answer, for its sector and jurisdictions',
  description:
    "Any signed-in person. The organisation's configuration chooses the packs (by jurisdiction and sector); every " +
    'question of every applicable pack must be answered yes or no in the proposal under `screening.<question id>`, ' +
    'or POST /v1/systems is refused with 400 naming each unanswered question.',
  security: [{ bearer: [] }],
  request: { query: ScreeningQuery },
  responses: {
    200: { description: 'the questions', content: jsonContent(ScreeningView) },
    ...errorResponses(400, 401),
  },
});

/** Registers the policy routes a proposal form reads. */
export function registerPolicyRoutes(app: OpenAPIHono<AuthEnv>, catalogue: ScreeningCatalogue): void {
  app.openapi(screening, async (c) => {
    const { sector, jurisdictions } = c.req.valid('query');
    return c.json({ packs: await catalogue({ sector, jurisdictions }) }, 200);
  });
}
