import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import type { PreviewAssessment } from '../../client/assessment-preview.ts';
import { DomainError, ErrorCode } from '../../domain/errors.ts';
import { AssessmentPreview } from '../../wire/assessment-preview.ts';
import { ProposeBody } from '../../wire/schemas.ts';
import type { AuthEnv } from '../auth.ts';
import { mayByRole } from '../../domain/authorization.ts';
import { enforce } from '../authorize.ts';
import { errorResponses, jsonBody, jsonContent } from './openapi-helpers.ts';

const preview = createRoute({
  method: 'post',
  path: '/v1/assessments/preview',
  tags: ['policy'],
  summary: 'The offline risk assessment a proposal would get, before proposing it (read-only)',
  description:
    "Role: proposer. Assesses the body under the packs the organisation's configuration would choose for it, with " +
    'the same assessment the engine makes: tier, pillar scores, fired rules with reasons, obligations. Nothing is ' +
    'started or recorded. Unanswered screening questions are assessed as the engine would (high), not refused.',
  security: [{ bearer: [] }],
  request: { body: jsonBody(ProposeBody) },
  responses: {
    200: { description: 'the assessment', content: jsonContent(AssessmentPreview) },
    ...errorResponses(400, 401, 403, 413, 415),
  },
});

/** Registers the assessment preview a proposal form shows as the proposer types. */
export function registerAssessmentPreviewRoute(app: OpenAPIHono<AuthEnv>, assess: PreviewAssessment): void {
  app.openapi(preview, async (c) => {
    const caller = c.get('caller');
    enforce(mayByRole(caller, 'propose'));
    const body = c.req.valid('json');
    if (body.proposer !== undefined && body.proposer !== caller.sub)
      throw new DomainError(ErrorCode.forbidden, `${caller.sub} cannot preview on behalf of ${body.proposer}`);
    return c.json(await assess({ ...body, proposer: caller.sub }), 200);
  });
}
