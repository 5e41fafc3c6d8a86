import { trace, type Tracer } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { Resource } from '@opentelemetry/resources';
import {
  BatchSpanProcessor,
  ConsoleSpanExporter,
  NodeTracerProvider,
  SimpleSpanProcessor,
  type SpanExporter,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace-node';
import { tracingEnabled } from '../config/telemetry.ts';
import type { Config } from '../config/config.ts';

/** A process's tracing: the tracer govflow's own spans use and what the Temporal interceptors need to export. */
export interface Tracing {
  readonly tracer: Tracer;
  readonly spanProcessor: SpanProcessor;
  readonly resource: Resource;
  /** Exports what is buffered and stops. */
  shutdown(): Promise<void>;
}

/** The name govflow's spans are recorded under (the instrumentation scope). */
export const TRACER_NAME = 'govflow';

/**
 * Starts tracing with `exporter` and registers it as the process's tracer provider (W3C trace-context propagation,
 * async-hooks context). `batch: false` exports each span as it ends (tests, the benchmark's in-memory exporter).
 */
export function startTracing(opts: { serviceName: string; exporter: SpanExporter; batch?: boolean }): Tracing {
  const resource = new Resource({ 'service.name': opts.serviceName });
  const spanProcessor = opts.batch === false ? new SimpleSpanProcessor(opts.exporter) : new BatchSpanProcessor(opts.exporter);
  const provider = new NodeTracerProvider({ resource, spanProcessors: [spanProcessor] });
  provider.register();
  return {
    tracer: provider.getTracer(TRACER_NAME),
    spanProcessor,
    resource,
    async shutdown() {
      await provider.shutdown();
      // A later start in the same process (tests, the benchmark) registers its own provider.
      trace.disable();
    },
  };
}

/** The exporter `OTEL_TRACES_EXPORTER` names, or undefined when tracing is off (the default: no exporter, no spans). */
export function exporterFromConfig(config: Pick<Config, 'OTEL_TRACES_EXPORTER' | 'OTEL_SDK_DISABLED'>): SpanExporter | undefined {
  if (!tracingEnabled(config)) return undefined;
  // The OTLP exporter reads OTEL_EXPORTER_OTLP_ENDPOINT, OTEL_EXPORTER_OTLP_HEADERS and the rest itself.
  return config.OTEL_TRACES_EXPORTER === 'otlp' ? new OTLPTraceExporter() : new ConsoleSpanExporter();
}

/** Tracing as configured for a process, or undefined when it is off. */
export function tracingFromConfig(
  config: Pick<Config, 'OTEL_TRACES_EXPORTER' | 'OTEL_SDK_DISABLED' | 'OTEL_SERVICE_NAME'>,
  serviceName: string,
): Tracing | undefined {
  const exporter = exporterFromConfig(config);
  return exporter ? startTracing({ serviceName: config.OTEL_SERVICE_NAME ?? serviceName, exporter }) : undefined;
}
