import { z } from 'zod';

const Port = z.coerce.number().int().min(1).max(65535);

/**
 * Metrics and traces. Tracing follows the standard `OTEL_*` variables: `OTEL_TRACES_EXPORTER` chooses the exporter
 * (off unless set), and the OTLP exporter reads its own `OTEL_EXPORTER_OTLP_*` endpoint and header variables.
 */
export const TelemetryFields = {
  /** Bearer token a scraper must send to `/metrics`; without one, production serves no metrics at all. */
  GOVFLOW_METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  /** The worker's Prometheus listener (govflow's own series); none unless a port is set. */
  GOVFLOW_WORKER_METRICS_PORT: Port.optional(),
  GOVFLOW_WORKER_METRICS_HOST: z.string().default('127.0.0.1'),
  /** The Temporal SDK's own runtime metrics (Prometheus, served by the SDK's core); none unless a port is set. */
  GOVFLOW_TEMPORAL_METRICS_PORT: Port.optional(),
  GOVFLOW_TEMPORAL_METRICS_HOST: z.string().default('127.0.0.1'),
  OTEL_TRACES_EXPORTER: z.enum(['none', 'otlp', 'console']).default('none'),
  /** Overrides the process's own name (`govflow-api`, `govflow-worker`) on its spans. */
  OTEL_SERVICE_NAME: z.string().min(1).optional(),
  /** The OpenTelemetry switch every SDK honours: true turns tracing off whatever the exporter says. */
  OTEL_SDK_DISABLED: z.enum(['true', 'false']).default('false'),
};

/** Whether this process exports traces. */
export const tracingEnabled = (c: { OTEL_TRACES_EXPORTER: string; OTEL_SDK_DISABLED: string }): boolean =>
  c.OTEL_SDK_DISABLED !== 'true' && c.OTEL_TRACES_EXPORTER !== 'none';
