import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Tracer } from '@opentelemetry/api';
import type { MiddlewareHandler } from 'hono';
import type { AuthEnv } from './auth.ts';
import { routeOf } from './request-metrics.ts';

/**
 * Middleware: one server span per request, continuing the caller's W3C `traceparent` when it sent one, and active
 * while the request runs, so the Temporal client's spans (and through their headers the workflow's, the
 * activities' and the Kafka produce) join the same trace.
 */
export function traceRequests(tracer: Tracer): MiddlewareHandler<AuthEnv> {
  return async (c, next) => {
    const carrier: Record<string, string> = {};
    for (const name of ['traceparent', 'tracestate']) {
      const value = c.req.header(name);
      if (value) carrier[name] = value;
    }
    const parent = propagation.extract(ROOT_CONTEXT, carrier);
    const span = tracer.startSpan(c.req.method, { kind: SpanKind.SERVER, attributes: { 'http.request.method': c.req.method } }, parent);
    try {
      await context.with(trace.setSpan(parent, span), () => next());
    } finally {
      const route = routeOf(c);
      span.updateName(`${c.req.method} ${route}`);
      span.setAttributes({ 'http.route': route, 'http.response.status_code': c.res.status });
      if (c.res.status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    }
  };
}
