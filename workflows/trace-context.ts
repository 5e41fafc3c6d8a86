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

/** Workflow interceptors that record trace contexts; they add no command, so histories replay unchanged. */
export const interceptors: WorkflowInterceptorsFactory = () => ({
  inbound: [
    {
      async execute(input, next) {
        const trace = fromHeaders(input.headers);
        if (trace) byRun.set(workflowInfo().runId, trace);
        return next(input);
      },
      async handleUpdate(input, next) {
        const trace = fromHeaders(input.headers);
        if (!trace) return next(input);
        byUpdate.set(input.updateId, trace);
        try {
          return await next(input);
        } finally {
          byUpdate.delete(input.updateId);
        }
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
