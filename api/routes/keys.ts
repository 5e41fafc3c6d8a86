import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { Jwks } from '../../events/keyring.ts';
import type { AuthEnv } from '../auth.ts';

const JwksView = z
  .object({
    keys: z.array(z.looseObject({ kty: z.literal('OKP'), crv: z.literal('Ed25519'), x: z.string(), kid: z.string() })),
  })
  .meta({ id: 'Jwks' });

const jwks = createRoute({
  method: 'get',
  path: '/.well-known/jwks.json',
  tags: ['keys'],
  summary: "The engine's event-signing public keys (current and retired), as a JWKS of Ed25519 (OKP) keys",
  description:
    'Public, no token: every event carries `sigkid` and `sig` (Ed25519 over `govflow-event-v1.<sigkid>.<hash>`); a retired key stays listed so older events still verify.',
  responses: { 200: { description: 'the key set', content: { 'application/jwk-set+json': { schema: JwksView } } } },
});

/** Registers the public key set that verifiers of the event record fetch. */
export function registerKeyRoutes(app: OpenAPIHono<AuthEnv>, eventKeys: () => Jwks): void {
  app.openapi(jwks, (c) => {
    c.header('cache-control', 'public, max-age=300');
    c.header('content-type', 'application/jwk-set+json');
    return c.json(eventKeys(), 200);
  });
}
