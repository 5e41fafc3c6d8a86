import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { DomainError, ErrorCode } from '../../domain/errors.ts';
import { verifyChain } from '../../events/chain.ts';
import type { GovernanceEvent } from '../../events/envelope.ts';
import { mayByRole, seesAll } from '../../domain/authorization.ts';
import { redactEvents, viewFor } from '../../domain/blind-voting.ts';
import type { AuthEnv } from '../auth.ts';
import { enforce, readableState } from '../authorize.ts';
import { readableStates } from './read-scope.ts';
import type { TrustedKeys } from '../../events/keyring.ts';
import type { GovernanceClient } from '../../client/governance-client.ts';
import { ListQuery, ProposeBody, ProposeQuery, SystemParams } from '../../wire/schemas.ts';
import { EventPage, ProposeResult, SystemPage, SystemView } from '../../wire/views.ts';
import { errorResponses, jsonBody, jsonContent } from './openapi-helpers.ts';

/** Reads a system's events as found (from the event topic in production); the route verifies them. */
export type EventHistory = (systemId: string) => Promise<GovernanceEvent[]>;

const propose = createRoute({
  method: 'post',
  path: '/v1/systems',
  tags: ['systems'],
  summary: 'Propose an AI system (starts its lifecycle)',
  description:
    'Role: proposer. The proposer is the caller; a body naming someone else is refused. Duplicate ids are 409. ' +
    "The organisation's configuration chooses the policy pack (by the proposal's jurisdictions and sector); a " +
    '`policyPack` parameter is refused.',
  security: [{ bearer: [] }],
  request: { query: ProposeQuery, body: jsonBody(ProposeBody) },
  responses: {
    201: { description: 'the lifecycle started', content: jsonContent(ProposeResult) },
    ...errorResponses(400, 401, 403, 409, 413, 415),
  },
});

const list = createRoute({
  method: 'get',
  path: '/v1/systems',
  tags: ['systems'],
  summary: 'List the systems the caller may read, filtered by stage, tier, sector and owner, a page at a time',
  description:
    'Auditors and admins see every system; others see the systems they proposed or own and those whose committee ' +
    'they sit on (a page may then hold fewer items than its size). Anyone else gets an empty list.',
  security: [{ bearer: [] }],
  request: { query: ListQuery },
  responses: { 200: { description: 'one page', content: jsonContent(SystemPage) }, ...errorResponses(400, 401) },
});

const get = createRoute({
  method: 'get',
  path: '/v1/systems/{id}',
  tags: ['systems'],
  summary: "A system's current state (404 unless the caller may read it; votes of an open blind round hidden)",
  security: [{ bearer: [] }],
  request: { params: SystemParams },
  responses: { 200: { description: 'the state', content: jsonContent(SystemView) }, ...errorResponses(400, 401, 404) },
});

const events = createRoute({
  method: 'get',
  path: '/v1/systems/{id}/events',
  tags: ['systems'],
  summary: "A system's events in sequence order (CloudEvents with the audit chain), signed by the engine",
  description:
    'Only events signed by a trusted engine key with an intact hash are listed; anything else found on the topic for the system is named under `quarantined` with the reason, never served as an event.',
  security: [{ bearer: [] }],
  request: { params: SystemParams },
  responses: { 200: { description: 'the history', content: jsonContent(EventPage) }, ...errorResponses(400, 401, 404) },
});

/** Registers proposing, listing and reading systems. */
export function registerSystemRoutes(
  app: OpenAPIHono<AuthEnv>,
  governance: GovernanceClient,
  history: EventHistory,
  trustedKeys: TrustedKeys,
): void {
  app.openapi(propose, async (c) => {
    const caller = c.get('caller');
    enforce(mayByRole(caller, 'propose'));
    const body = c.req.valid('json');
    if (body.proposer !== undefined && body.proposer !== caller.sub) {
      throw new DomainError(ErrorCode.forbidden, `${caller.sub} cannot propose on behalf of ${body.proposer}`);
    }
    c.req.valid('query'); // refuses a `policyPack` parameter: the organisation chooses the pack
    const started = await governance.startLifecycle({ ...body, proposer: caller.sub }, { actor: caller.sub, roles: caller.roles });
    const location = `/v1/systems/${started.systemId}`;
    c.header('location', location);
    return c.json(
      { systemId: started.systemId, workflowId: started.workflowId, stage: 'proposed' as const, location },
      201,
    );
  });
  app.openapi(list, async (c) => {
    const caller = c.get('caller');
    const { pageToken, ...filter } = c.req.valid('query');
    const page = await governance.list({ ...filter, ...(pageToken ? { nextPageToken: pageToken } : {}) });
    const items = seesAll(caller) ? page.systems : await readableStates(governance, caller, page.systems);
    return c.json({ items, nextPageToken: page.nextPageToken ?? null }, 200);
  });
  app.openapi(get, async (c) => {
    const caller = c.get('caller');
    return c.json(viewFor(caller, await readableState(governance, caller, c.req.valid('param').id)), 200);
  });
  app.openapi(events, async (c) => {
    const caller = c.get('caller');
    const { id } = c.req.valid('param');
    const state = await readableState(governance, caller, id); // 404 before reading any history
    const verdict = verifyChain((await history(id)).filter((e) => e.subject === id), { keys: trustedKeys });
    const events = (verdict.accepted as GovernanceEvent[])
      .filter((e) => e.sequence <= state.sequence)
      .sort((a, b) => a.sequence - b.sequence);
    const quarantined = verdict.problems
      .filter((p) => !['gap', 'out_of_order', 'prevhash_mismatch'].includes(p.kind))
      .map((p) => ({ sequence: p.sequence, kind: p.kind, detail: p.detail }));
    return c.json({ systemId: id, events: redactEvents(caller, state, events), quarantined }, 200);
  });
}
