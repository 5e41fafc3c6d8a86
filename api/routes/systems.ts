import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { DomainError, ErrorCode } from '../../domain/errors.ts';
import type { GovernanceEvent } from '../../events/envelope.ts';
import { may, mayByRole, readScopeOf } from '../../domain/authorization.ts';
import { redactEvents, viewFor } from '../../domain/blind-voting.ts';
import type { AuthEnv } from '../auth.ts';
import { enforce, readableState } from '../authorize.ts';
import type { ReadSide } from '../../consumer/read-side/read-side.ts';
import type { GovernanceClient } from '../../client/governance-client.ts';
import { EventsQuery, ListQuery, ProposeBody, ProposeQuery, SystemParams } from '../../wire/schemas.ts';
import { EventPage, ProposeResult, SystemPage, SystemView } from '../../wire/views.ts';
import { errorResponses, jsonBody, jsonContent } from './openapi-helpers.ts';
import { awaitMinSequence } from './read-your-writes.ts';

/** Reads a system's events as found (from the event topic in production); the attestation route verifies them. */
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
  summary: 'List the systems the caller may read, filtered by stage, tier, sector, owner and pack, or searched, a page at a time',
  description:
    'Auditors and admins see every system; others see the systems they proposed or own and those whose committee ' +
    'they sit on. Anyone else gets an empty list. Newest first; read from the read side (the projection of the ' +
    'event topic): `minSequence` (from a command receipt) waits until it has that event.',
  security: [{ bearer: [] }],
  request: { query: ListQuery },
  responses: { 200: { description: 'one page', content: jsonContent(SystemPage) }, ...errorResponses(400, 401, 503) },
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
    'Only events signed by a trusted engine key with an intact hash are listed; anything else found on the topic for the system is named under `quarantined` with the reason, never served as an event. Read from the read side, which verified each event as it folded it; `minSequence` waits until it has that sequence.',
  security: [{ bearer: [] }],
  request: { params: SystemParams, query: EventsQuery },
  responses: { 200: { description: 'the history', content: jsonContent(EventPage) }, ...errorResponses(400, 401, 404, 503) },
});

/** Registers proposing, listing and reading systems: the list and the trail from the read side, the state from the workflow. */
export function registerSystemRoutes(
  app: OpenAPIHono<AuthEnv>,
  governance: GovernanceClient,
  readSide: ReadSide,
  readWaitMs: number,
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
      { systemId: started.systemId, workflowId: started.workflowId, stage: 'proposed' as const, location, sequence: 1 },
      201,
    );
  });
  app.openapi(list, async (c) => {
    const caller = c.get('caller');
    const { pageToken, q, minSequence, ...filter } = c.req.valid('query');
    await awaitMinSequence(readSide, minSequence, readWaitMs);
    const page = await readSide.list(readScopeOf(caller), { ...filter, text: q, pageToken });
    return c.json(page, 200);
  });
  app.openapi(get, async (c) => {
    const caller = c.get('caller');
    return c.json(viewFor(caller, await readableState(governance, caller, c.req.valid('param').id)), 200);
  });
  app.openapi(events, async (c) => {
    const caller = c.get('caller');
    const { id } = c.req.valid('param');
    await awaitMinSequence(readSide, c.req.valid('query').minSequence, readWaitMs, id);
    // The read side's own fold of the system judges who may read it: the same rule as the workflow's state.
    const state = await readSide.state(id);
    if (!state) throw new DomainError(ErrorCode.notFound, `no system ${id}`);
    enforce(may(caller, 'readSystem', state));
    const trail = await readSide.trail(id);
    return c.json({ systemId: id, events: redactEvents(caller, state, trail.events), quarantined: trail.quarantined }, 200);
  });
}
