import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Registry } from 'prom-client';
import { checkScrape, type ScrapeAccess } from '../../adapters/metrics/scrape-access.ts';
import { ErrorCode } from '../../domain/errors.ts';
import type { AuthEnv } from '../auth.ts';
import { problem, sendProblem } from '../problem.ts';

/**
 * `GET /metrics` in the Prometheus text format, outside `/v1` and its sign-in: a scraper holds a bearer token of its
 * own (GOVFLOW_METRICS_TOKEN), not a person's. Not in the OpenAPI document: it is for operators, not clients.
 */
export function registerMetricsRoute(app: OpenAPIHono<AuthEnv>, opts: { registry: Registry; access: ScrapeAccess }): void {
  app.get('/metrics', async (c) => {
    const allowed = checkScrape(opts.access, c.req.header('authorization'));
    if (allowed === 'closed')
      return sendProblem(c, problem(404, ErrorCode.notFound, 'metrics are not served in production without GOVFLOW_METRICS_TOKEN', { instance: '/metrics' }));
    if (allowed === 'unauthorized') {
      c.header('www-authenticate', 'Bearer realm="metrics"');
      return sendProblem(c, problem(401, ErrorCode.unauthenticated, 'metrics need the scrape token as a bearer token', { instance: '/metrics' }));
    }
    return c.body(await opts.registry.metrics(), 200, { 'content-type': opts.registry.contentType });
  });
}
