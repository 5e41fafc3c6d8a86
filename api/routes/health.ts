import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { AuthEnv } from '../auth.ts';

/** Whether each backing service answered a cheap probe. */
export type Readiness = () => Promise<{ temporal: boolean; kafka: boolean }>;

const Health = z.object({ status: z.literal('ok') }).meta({ id: 'Health' });
const Ready = z
  .object({ status: z.enum(['ready', 'not_ready']), temporal: z.boolean(), kafka: z.boolean() })
  .meta({ id: 'Readiness' });

const healthz = createRoute({
  method: 'get',
  path: '/healthz',
  tags: ['operations'],
  summary: 'Liveness: the process answers',
  responses: { 200: { description: 'alive', content: { 'application/json': { schema: Health } } } },
});

const readyz = createRoute({
  method: 'get',
  path: '/readyz',
  tags: ['operations'],
  summary: 'Readiness: Temporal and Kafka are reachable',
  responses: {
    200: { description: 'ready', content: { 'application/json': { schema: Ready } } },
    503: { description: 'a dependency is unreachable', content: { 'application/json': { schema: Ready } } },
  },
});

/** Registers /healthz and /readyz; a probe that throws counts as unreachable, never as a 500. */
export function registerHealthRoutes(app: OpenAPIHono<AuthEnv>, readiness: Readiness): void {
  app.openapi(healthz, (c) => c.json({ status: 'ok' as const }, 200));
  app.openapi(readyz, async (c) => {
    const probe = await readiness().catch(() => ({ temporal: false, kafka: false }));
    const ok = probe.temporal && probe.kafka;
    return c.json({ status: ok ? ('ready' as const) : ('not_ready' as const), ...probe }, ok ? 200 : 503);
  });
}
