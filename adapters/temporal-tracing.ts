import type { WorkflowClientInterceptor } from '@temporalio/client';
import {
  OpenTelemetryActivityInboundInterceptor,
  OpenTelemetryActivityOutboundInterceptor,
  OpenTelemetryWorkflowClientInterceptor,
} from '@temporalio/interceptors-opentelemetry';
import type { WorkerOptions } from '@temporalio/worker';
import type { Tracing } from './tracing.ts';

/** Client interceptors that start a span per start, update and query and send its context in the headers. */
export function clientTracingInterceptors(tracing: Tracing | undefined): { workflow: WorkflowClientInterceptor[] } | undefined {
  return tracing ? { workflow: [new OpenTelemetryWorkflowClientInterceptor({ tracer: tracing.tracer })] } : undefined;
}

/**
 * What a worker adds to trace its activities: the SDK's activity interceptors, which continue the trace context the
 * workflow puts in each activity's headers (workflows/trace-context.ts; the SDK's workflow interceptors are not
 * bundled, see there why).
 */
export function workerTracingOptions(tracing: Tracing): {
  interceptors: Pick<NonNullable<WorkerOptions['interceptors']>, 'activity'>;
} {
  return {
    interceptors: {
      activity: [
        (ctx) => ({
          inbound: new OpenTelemetryActivityInboundInterceptor(ctx, { tracer: tracing.tracer }),
          outbound: new OpenTelemetryActivityOutboundInterceptor(ctx),
        }),
      ],
    },
  };
}
