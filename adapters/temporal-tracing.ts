import { createRequire } from 'node:module';
import type { WorkflowClientInterceptor } from '@temporalio/client';
import {
  OpenTelemetryActivityInboundInterceptor,
  OpenTelemetryActivityOutboundInterceptor,
  OpenTelemetryWorkflowClientInterceptor,
  makeWorkflowExporter,
} from '@temporalio/interceptors-opentelemetry';
import type { WorkerOptions } from '@temporalio/worker';
import type { Tracing } from './tracing.ts';

/** The SDK's workflow-side OpenTelemetry interceptors, bundled into the workflow code when tracing is on. */
export const OTEL_WORKFLOW_INTERCEPTORS = createRequire(import.meta.url).resolve(
  '@temporalio/interceptors-opentelemetry/lib/workflow-interceptors',
);

/** Client interceptors that start a span per start, update and query and send its context in the headers. */
export function clientTracingInterceptors(tracing: Tracing | undefined): { workflow: WorkflowClientInterceptor[] } | undefined {
  return tracing ? { workflow: [new OpenTelemetryWorkflowClientInterceptor({ tracer: tracing.tracer })] } : undefined;
}

/**
 * What a worker adds to trace through workflows and activities: the SDK's activity interceptors, its workflow
 * interceptor module (spans made inside the sandbox from replay-safe ids, exported through a sink, never on replay),
 * and the sink itself.
 */
export function workerTracingOptions(tracing: Tracing): {
  interceptors: Pick<NonNullable<WorkerOptions['interceptors']>, 'activity'>;
  workflowModules: string[];
  sinks: NonNullable<WorkerOptions['sinks']>;
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
    workflowModules: [OTEL_WORKFLOW_INTERCEPTORS],
    sinks: { exporter: makeWorkflowExporter(tracing.spanProcessor, tracing.resource) },
  };
}
