import { randomBytes } from 'node:crypto';
import { isSpanContextValid, trace } from '@opentelemetry/api';
import type { Context, MiddlewareHandler } from 'hono';
import { matchedRoutes } from 'hono/route';
import type { AuthEnv } from './auth.ts';

/** Where access lines go: a pino logger, or anything with its `info`/`error` signature. */
export interface AccessLogger {
  info(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/** W3C Trace Context: `version-traceid-parentid-flags`; an all-zero trace id is invalid. */
const TRACEPARENT = /^[0-9a-f]{2}-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}$/;

/** The request's id: the caller's W3C trace id when it sent a valid `traceparent`, else a fresh one of the same form. */
export function requestIdOf(traceparent: string | undefined): string {
  const id = TRACEPARENT.exec(traceparent?.trim().toLowerCase() ?? '')?.[1];
  return id && !/^0+$/.test(id) ? id : randomBytes(16).toString('hex');
}

/** The connecting address as the Node server saw it (a proxy's header is not trusted for this). */
export function clientAddress(c: Context): string {
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  return env?.incoming?.socket?.remoteAddress ?? 'unknown';
}

const SYSTEM_IN_PATH = /^\/v1\/systems\/([^/]+)/;

/**
 * Middleware: one structured line per request once it is answered: reads, refusals and writes alike, so an audit can
 * tell who looked at what, and who was turned away.
 */
export function accessLog(log: AccessLogger): MiddlewareHandler<AuthEnv> {
  return async (c, next) => {
    const started = performance.now();
    // With tracing on, the request's trace id, so a log line leads to its trace.
    const span = trace.getActiveSpan()?.spanContext();
    const requestId = span && isSpanContextValid(span) ? span.traceId : requestIdOf(c.req.header('traceparent'));
    await next();
    c.header('x-request-id', requestId);
    const caller = c.get('caller') as AuthEnv['Variables']['caller'] | undefined;
    const status = c.res.status;
    const line = {
      requestId,
      method: c.req.method,
      route:
        matchedRoutes(c)
          .filter((r) => r.method !== 'ALL')
          .at(-1)?.path ?? null,
      path: c.req.path,
      systemId: SYSTEM_IN_PATH.exec(c.req.path)?.[1] ?? null,
      status,
      latencyMs: Math.round((performance.now() - started) * 10) / 10,
      caller: caller?.sub ?? null,
      roles: caller?.roles ?? [],
      address: clientAddress(c),
    };
    if (status >= 500) log.error(line, 'request failed');
    else log.info(line, 'request');
  };
}
