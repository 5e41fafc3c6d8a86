import type { Context, MiddlewareHandler } from 'hono';
import { matchedRoutes } from 'hono/route';
import type { ApiMetrics } from '../adapters/metrics/registry.ts';
import { PROBLEM_CONTENT_TYPE } from '../wire/problem.ts';
import type { AuthEnv } from './auth.ts';
import { commandOfRoute } from './routes/commands.ts';

/** The route template a request matched (`/v1/systems/:id/votes`), never its raw path: one series per route. */
export function routeOf(c: Context): string {
  return (
    matchedRoutes(c)
      .filter((r) => r.method !== 'ALL')
      .at(-1)?.path ?? 'unmatched'
  );
}

/** The command a request sends, by its method and route template; proposing is the one command that is no update. */
function commandOf(method: string, route: string): string | undefined {
  if (method !== 'POST') return undefined;
  return route === '/v1/systems' ? 'propose' : commandOfRoute.get(route);
}

/** `accepted`, or the refusal's stable code from the problem the API answered with. */
async function outcomeOf(res: Response): Promise<string> {
  if (res.status < 400) return 'accepted';
  if (!res.headers.get('content-type')?.startsWith(PROBLEM_CONTENT_TYPE)) return `http_${res.status}`;
  try {
    const body = (await res.clone().json()) as { code?: unknown };
    return typeof body.code === 'string' ? body.code : `http_${res.status}`;
  } catch {
    return `http_${res.status}`;
  }
}

/**
 * Middleware: the latency of every request by method, route template and status, and every command by type and
 * outcome, refusals at the edge (401, 403) as well as the workflow's own.
 */
export function measureRequests(metrics: ApiMetrics): MiddlewareHandler<AuthEnv> {
  return async (c, next) => {
    const started = performance.now();
    await next();
    const route = routeOf(c);
    const status = c.res.status;
    metrics.requestDuration.observe({ method: c.req.method, route, status: String(status) }, (performance.now() - started) / 1000);
    const command = commandOf(c.req.method, route);
    if (command) metrics.commands.inc({ command, outcome: await outcomeOf(c.res) });
  };
}
