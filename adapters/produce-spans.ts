import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Span, type Tracer } from '@opentelemetry/api';
import type { GovernanceEvent } from '../events/envelope.ts';

/**
 * Runs `send` inside one producer span per trace the events belong to: each event's span is a child of the trace
 * context it carries (the request that caused it), linked to the span that is sending (the publish activity's), so
 * the trace of a vote reaches its Kafka produce. Events without a context get a span under the sending one.
 */
export async function withProduceSpans<T>(
  tracer: Tracer | undefined,
  topic: string,
  events: readonly GovernanceEvent[],
  send: () => Promise<T>,
): Promise<T> {
  if (!tracer) return send();
  const sending = trace.getActiveSpan()?.spanContext();
  const groups = new Map<string | undefined, GovernanceEvent[]>();
  for (const e of events) groups.set(e.traceparent, [...(groups.get(e.traceparent) ?? []), e]);
  const spans: Span[] = [...groups].map(([traceparent, group]) => {
    const parent = traceparent
      ? propagation.extract(ROOT_CONTEXT, { traceparent, ...(group[0]?.tracestate ? { tracestate: group[0].tracestate } : {}) })
      : context.active();
    return tracer.startSpan(
      `publish ${topic}`,
      {
        kind: SpanKind.PRODUCER,
        attributes: {
          'messaging.system': 'kafka',
          'messaging.operation.type': 'publish',
          'messaging.destination.name': topic,
          'messaging.batch.message_count': group.length,
          'govflow.event_ids': group.map((e) => e.id),
        },
        ...(traceparent && sending ? { links: [{ context: sending }] } : {}),
      },
      parent,
    );
  });
  try {
    const result = await send();
    for (const span of spans) span.setStatus({ code: SpanStatusCode.OK });
    return result;
  } catch (err) {
    for (const span of spans) {
      span.recordException(err as Error);
      span.setStatus({ code: SpanStatusCode.ERROR, message: (err as Error).message });
    }
    throw err;
  } finally {
    for (const span of spans) span.end();
  }
}
