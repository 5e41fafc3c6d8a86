import { currentUpdateInfo, defaultPayloadConverter, inWorkflowContext, workflowInfo } from '@temporalio/workflow';
import type { Headers, WorkflowInterceptorsFactory } from '@temporalio/workflow';
import { traceContextOf, type TraceContext } from '../events/trace-context.ts';

/**
 * The trace context callers send with a start or an update, kept so the events they cause carry it (the CloudEvents
 * distributed-tracing extension). Read from the header the SDK's OpenTelemetry client interceptor writes; the header
 * is in the history, so a replay finds the same context and a retried publish sends the same bytes.
 */
const TRACE_HEADER = '_tracer-data';

// Keyed by update id and run id, both unique, so the maps are right however the SDK shares module state.
const byUpdate = new Map<string, TraceContext>();
const byRun = new Map<string, TraceContext>();

function fromHeaders(headers: Headers): TraceContext | undefined {
  const payload = headers[TRACE_HEADER];
  if (!payload) return undefined;
  try {
    return traceContextOf(defaultPayloadConverter.fromPayload(payload));
  } catch {
    // A header that does not decode is a caller's mistake, not the workflow's: the events go untraced.
    return undefined;
  }
}

/** The trace context of what is being handled now: the current update's, else the one that started this run. */
export function currentTraceContext(): TraceContext | undefined {
  if (!inWorkflowContext()) return undefined;
  const update = currentUpdateInfo();
  if (update) return byUpdate.get(update.id);
  return byRun.get(workflowInfo().runId);
}

/** The trace header for an activity scheduled now: the current command's context, as the SDK's propagator writes it. */
function withTraceHeader(headers: Headers): Headers {
  const trace = currentTraceContext();
  return trace ? { ...headers, [TRACE_HEADER]: defaultPayloadConverter.toPayload({ ...trace }) } : headers;
}

/**
 * Workflow interceptors that record trace contexts and hand them on to activities (whose spans the SDK's activity
 * interceptor then parents on them). They add no command, draw no random number and add no microtask, so histories
 * replay unchanged with or without them. The SDK's own workflow interceptors are not used: in SDK 1.24 their update
 * spans add microtasks that reorder an update's completion (lifecycle histories then fail to replay), and their span
 * ids come from the workflow's random generator, which queries and update validation advance outside history.
 */
export const interceptors: WorkflowInterceptorsFactory = () => ({
  // Neither method awaits nor wraps: each returns the next interceptor's own promise, so no microtask is added
  // and an update completes in the same order relative to the workflow's other commands as it would without them.
  inbound: [
    {
      execute(input, next) {
        const trace = fromHeaders(input.headers);
        if (trace) byRun.set(workflowInfo().runId, trace);
        return next(input);
      },
      handleUpdate(input, next) {
        const trace = fromHeaders(input.headers);
        if (!trace) return next(input);
        byUpdate.set(input.updateId, trace);
        const handled = next(input);
        // Forgotten once the handler is done; the promise returned is the handler's own, not this chain.
        handled.then(
          () => byUpdate.delete(input.updateId),
          () => byUpdate.delete(input.updateId),
        );
        return handled;
      },
    },
  ],
  outbound: [
    {
      scheduleActivity(input, next) {
        return next({ ...input, headers: withTraceHeader(input.headers) });
      },
    },
  ],
  internals: [
    {
      dispose(input, next) {
        byRun.delete(workflowInfo().runId);
        next(input);
      },
    },
  ],
});
