import { createRoute, type OpenAPIHono, type z } from '@hono/zod-openapi';
import type { UpdateInput, UpdateName } from '../../domain/lifecycle/commands.ts';
import { commandRoles } from '../../domain/authorization.ts';
import type { Caller } from '../../domain/identity.ts';
import type { AuthEnv } from '../auth.ts';
import { authorizeCommand } from '../authorize.ts';
import type { GovernanceClient } from '../../client/governance-client.ts';
import { cloudEventType } from '../../events/envelope.ts';
import type { UpdateReceipt } from '../../workflows/messages.ts';
import {
  AmendBody,
  CommandKeysBody,
  DerogationAcceptanceBody,
  ConditionParams,
  DeploymentBody,
  EvidenceBody,
  IncidentBody,
  ModificationBody,
  RecuseBody,
  RetirementBody,
  StaffingRetryBody,
  SystemParams,
  TransparencyReportBody,
  VoteBody,
} from '../../wire/schemas.ts';
import { CommandReceipt } from '../../wire/views.ts';
import { errorResponses, jsonBody, jsonContent } from './openapi-helpers.ts';

/** One command route: a POST that becomes one workflow update, acted by the caller. */
interface CommandSpec<N extends UpdateName, B extends z.ZodType, P extends z.ZodObject> {
  path: string;
  update: N;
  summary: string;
  body: B;
  params: P;
  /** Builds the update's input; the actor is always the caller, never a field of the body. */
  input: (body: z.output<B>, params: z.output<P>, caller: Caller) => UpdateInput<N>;
}

/** The update each command route sends, by its route template as the router names it (`/v1/systems/:id/votes`). */
export const commandOfRoute = new Map<string, UpdateName>();

function registerCommand<N extends UpdateName, B extends z.ZodType, P extends z.ZodObject>(
  app: OpenAPIHono<AuthEnv>,
  governance: GovernanceClient,
  spec: CommandSpec<N, B, P>,
): void {
  commandOfRoute.set(spec.path.replace(/\{(\w+)\}/g, ':$1'), spec.update);
  const route = createRoute({
    method: 'post',
    path: spec.path,
    tags: ['commands'],
    summary: spec.summary,
    description: `Roles: ${commandRoles[spec.update].join(', ')}, and a relationship to the system (see the README's role table). The API answers from the same rules the workflow applies; a refusal leaves nothing in the history, and a system the caller may not read is 404.`,
    security: [{ bearer: [] }],
    request: { params: spec.params, body: jsonBody(spec.body) },
    responses: {
      200: { description: 'accepted: the events recorded and the new stage', content: jsonContent(CommandReceipt) },
      ...errorResponses(400, 401, 403, 404, 409, 413, 415),
    },
  });
  app.openapi(route, async (c) => {
    // The route's own validators have parsed both; hono's typing cannot follow generic schemas here.
    const params = c.req.valid('param' as never) as z.output<P> & { id: string };
    const body = c.req.valid('json' as never) as z.output<B>;
    const caller = c.get('caller');
    await authorizeCommand(governance, caller, spec.update, params.id);
    const send = governance[spec.update] as unknown as (id: string, input: UpdateInput<N>) => Promise<UpdateReceipt>;
    // The roles travel with the command so the workflow's rules judge the person the API judged.
    const receipt = await send(params.id, { ...spec.input(body, params, caller), roles: caller.roles });
    return c.json({ ...receipt, events: receipt.events.map(cloudEventType) }, 200);
  });
}

const actor = (caller: Caller) => ({ actor: caller.sub });

/** Registers the commands, one workflow update each. */
export function registerCommandRoutes(app: OpenAPIHono<AuthEnv>, governance: GovernanceClient): void {
  const add = <N extends UpdateName, B extends z.ZodType, P extends z.ZodObject>(spec: CommandSpec<N, B, P>) =>
    registerCommand(app, governance, spec);

  add({
    path: '/v1/systems/{id}/votes',
    update: 'castVote',
    summary: 'Vote on the open review round',
    body: VoteBody,
    params: SystemParams,
    input: (b, _p, c) => ({ ...b, ...actor(c) }),
  });
  add({
    path: '/v1/systems/{id}/recusals',
    update: 'recuse',
    summary: 'Recuse from the open review round, declaring the conflict',
    body: RecuseBody,
    params: SystemParams,
    input: (b, _p, c) => ({ ...b, ...actor(c) }),
  });
  add({
    path: '/v1/systems/{id}/amendments',
    update: 'amendProposal',
    summary: 'Amend the proposal after changes were requested',
    body: AmendBody,
    params: SystemParams,
    input: (b, _p, c) => ({ ...b, ...actor(c) }),
  });
  add({
    path: '/v1/systems/{id}/conditions/{cid}/evidence',
    update: 'satisfyCondition',
    summary: 'Record evidence that a condition of approval is met',
    body: EvidenceBody,
    params: ConditionParams,
    input: (b, p, c) => ({ ...b, conditionId: p.cid, ...actor(c) }),
  });
  add({
    path: '/v1/systems/{id}/deployments',
    update: 'recordDeployment',
    summary: 'Record a deployment of the approved version',
    body: DeploymentBody,
    params: SystemParams,
    input: (b, _p, c) => ({ ...b, ...actor(c) }),
  });
  add({
    path: '/v1/systems/{id}/incidents',
    update: 'reportIncident',
    summary: 'Report an incident of a running system',
    body: IncidentBody,
    params: SystemParams,
    input: (b, _p, c) => ({ ...b, ...actor(c) }),
  });
  add({
    path: '/v1/systems/{id}/transparency-reports',
    update: 'submitTransparencyReport',
    summary: 'File the periodic transparency report',
    body: TransparencyReportBody,
    params: SystemParams,
    input: (b, _p, c) => ({ ...b, ...actor(c) }),
  });
  add({
    path: '/v1/systems/{id}/modifications',
    update: 'requestModification',
    summary: 'Request a substantial modification (reviewed before it may deploy)',
    body: ModificationBody,
    params: SystemParams,
    input: (b, _p, c) => ({ ...b, ...actor(c) }),
  });
  add({
    path: '/v1/systems/{id}/retirement',
    update: 'retire',
    summary: 'Retire the system (ends its lifecycle)',
    body: RetirementBody,
    params: SystemParams,
    input: (b, _p, c) => ({ ...b, ...actor(c) }),
  });
  add({
    path: '/v1/systems/{id}/staffing-retries',
    update: 'retryStaffing',
    summary: 'Draw the committee of a review that could not be staffed again, after the roster was fixed',
    body: StaffingRetryBody,
    params: SystemParams,
    input: (b, _p, c) => ({ ...b, ...actor(c) }),
  });
  add({
    path: '/v1/systems/{id}/derogation-acceptance',
    update: 'acceptDerogation',
    summary: "Accept the proposer's derogation claim (EU AI Act Art. 6(3)) with reasons: the system is re-assessed as not high-risk",
    body: DerogationAcceptanceBody,
    params: SystemParams,
    input: (b, _p, c) => ({ ...b, ...actor(c) }),
  });
  add({
    path: '/v1/systems/{id}/command-keys',
    update: 'rotateCommandKeys',
    summary: "Replace the edge keys this lifecycle verifies commands with (signed by the API's current key)",
    body: CommandKeysBody,
    params: SystemParams,
    input: (b, _p, c) => ({ ...b, ...actor(c) }),
  });
}
