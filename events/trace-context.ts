import { z } from 'zod';

/**
 * W3C Trace Context `traceparent` (version 00): `00-<trace id>-<parent span id>-<flags>`, lowercase hex. An all-zero
 * trace or span id is invalid by the recommendation, so it is refused here rather than passed on to consumers.
 */
export const TraceParent = z
  .string()
  .regex(/^00-(?!0{32})[0-9a-f]{32}-(?!0{16})[0-9a-f]{16}-[0-9a-f]{2}$/, 'a W3C traceparent (version 00)');

/** W3C Trace Context `tracestate`: at most 32 `key=value` members, 512 characters in all. */
export const TraceState = z
  .string()
  .max(512)
  .regex(/^[a-z0-9][a-z0-9_\-*/@]{0,255}=[\x20-\x2b\x2d-\x3c\x3e-\x7e]{0,255}(,[a-z0-9][a-z0-9_\-*/@]{0,255}=[\x20-\x2b\x2d-\x3c\x3e-\x7e]{0,255}){0,31}$/, 'a W3C tracestate');

/** The CloudEvents distributed-tracing extension attributes an event carries. */
export interface TraceContext {
  readonly traceparent: string;
  readonly tracestate?: string;
}

/**
 * The trace context in a propagation carrier (the `traceparent`/`tracestate` pair a W3C propagator writes), or
 * undefined when there is none or it is malformed. Callers can send anything: a bad value is dropped, never recorded.
 */
export function traceContextOf(carrier: unknown): TraceContext | undefined {
  if (typeof carrier !== 'object' || carrier === null) return undefined;
  const { traceparent, tracestate } = carrier as Record<string, unknown>;
  const parent = TraceParent.safeParse(traceparent);
  if (!parent.success) return undefined;
  const state = TraceState.safeParse(tracestate);
  return state.success && state.data.length > 0 ? { traceparent: parent.data, tracestate: state.data } : { traceparent: parent.data };
}

/** The trace id of a valid traceparent. */
export const traceIdOf = (traceparent: string): string => traceparent.slice(3, 35);
