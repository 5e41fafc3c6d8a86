import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { applyPolicyVersion, policyImpactReport, type PolicyImpactDeps } from '../../client/policy-impact.ts';
import type { GovernanceClient } from '../../client/governance-client.ts';
import { may, mayByRole } from '../../domain/authorization.ts';
import { ApplyReport, ImpactReport, PackVersionInput } from '../../wire/policy-impact.ts';
import type { AuthEnv } from '../auth.ts';
import { enforce } from '../authorize.ts';
import { errorResponses, jsonBody, jsonContent } from './openapi-helpers.ts';

const impact = createRoute({
  method: 'get',
  path: '/v1/policy/impact',
  tags: ['policy'],
  summary: 'What a pack version would change: every live system under the pack re-assessed under it',
  description:
    'Roles: auditor, admin. Read-only. Each live system under the pack (read from the read side, or from the workflows ' +
    'when the read side cannot be read) is assessed under the version by the engine\'s own assessment; the systems whose ' +
    'tier, committee or obligations change are listed with the rules that now fire or no longer fire.',
  security: [{ bearer: [] }],
  request: { query: PackVersionInput },
  responses: { 200: { description: 'the impact', content: jsonContent(ImpactReport) }, ...errorResponses(400, 401, 403, 404) },
});

const apply = createRoute({
  method: 'post',
  path: '/v1/policy/applications',
  tags: ['policy'],
  summary: 'Apply a pack version to every live system it changes',
  description:
    'Role: admin. For each system the impact lists, a signed applyPolicyVersion update: the lifecycle assesses itself ' +
    'under the version and records policy.version_applied, with a re-review when the tier rose or a new obligation is ' +
    'unmet. A system with a review open or waiting is skipped (apply again once it closes); one the version does not ' +
    'change is sent nothing.',
  security: [{ bearer: [] }],
  request: { body: jsonBody(PackVersionInput) },
  responses: { 200: { description: 'what happened to each system', content: jsonContent(ApplyReport) }, ...errorResponses(400, 401, 403, 404) },
});

/** Registers the policy-version routes: the impact (read-only) and the application (admin). */
export function registerPolicyImpactRoutes(app: OpenAPIHono<AuthEnv>, governance: GovernanceClient, deps: PolicyImpactDeps): void {
  app.openapi(impact, async (c) => {
    enforce(may(c.get('caller'), 'readPolicyImpact'));
    return c.json(await policyImpactReport(deps, c.req.valid('query')), 200);
  });
  app.openapi(apply, async (c) => {
    const caller = c.get('caller');
    // Refused from the token alone, before any system is read or any lifecycle is sent anything.
    enforce(mayByRole(caller, 'applyPolicyVersion'));
    return c.json(await applyPolicyVersion({ ...deps, governance }, caller, c.req.valid('json')), 200);
  });
}
