import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { mayByRole } from '../../domain/authorization.ts';
import type { CommandKeyRollRequest } from '../../client/command-key-roll.ts';
import { CommandKeyRollBody } from '../../wire/schemas.ts';
import { CommandKeyRollReport } from '../../wire/views.ts';
import type { AuthEnv } from '../auth.ts';
import { enforce } from '../authorize.ts';
import { errorResponses, jsonBody, jsonContent } from './openapi-helpers.ts';

/** Rolls the edge's command key over every running lifecycle (see client/command-key-roll.ts). */
export type CommandKeyRoll = (req: CommandKeyRollRequest) => Promise<CommandKeyRollReport>;

const roll = createRoute({
  method: 'post',
  path: '/v1/command-keys/rotations',
  tags: ['keys'],
  summary: "Roll the API's command key over every running lifecycle (administrators)",
  description:
    "After `govflow keys rotate commands` put a new current key in the API's command key file: `add` sends each running lifecycle a rotation to {the key the API signs with now, the new key}, signed by the former, then the API signs with the new key; once every API instance signs with it, `replace` leaves the new key alone. Lifecycles that refuse are listed with the reason.",
  security: [{ bearer: [] }],
  request: { body: jsonBody(CommandKeyRollBody) },
  responses: {
    200: { description: 'the rotations sent, and the key the API signs with now', content: jsonContent(CommandKeyRollReport) },
    ...errorResponses(400, 401, 403, 409, 413, 415),
  },
});

/** Registers the roll of the edge's command key. */
export function registerCommandKeyRoutes(app: OpenAPIHono<AuthEnv>, rollKeys: CommandKeyRoll): void {
  app.openapi(roll, async (c) => {
    const caller = c.get('caller');
    enforce(mayByRole(caller, 'rotateCommandKeys'));
    const body = c.req.valid('json');
    return c.json(await rollKeys({ actor: caller.sub, roles: caller.roles, mode: body.mode, reason: body.reason }), 200);
  });
}
