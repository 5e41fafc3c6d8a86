import type { RuntimeOptions } from '@temporalio/worker';
import type { Config } from '../config/config.ts';

/**
 * The Temporal SDK's own metrics (task slots, poll latencies, workflow and activity task counts, cache size), which
 * its core serves in the Prometheus format on a port of their own: none unless GOVFLOW_TEMPORAL_METRICS_PORT is set.
 */
export function temporalRuntimeMetrics(
  config: Pick<Config, 'GOVFLOW_TEMPORAL_METRICS_PORT' | 'GOVFLOW_TEMPORAL_METRICS_HOST'>,
): Pick<RuntimeOptions, 'telemetryOptions'> {
  if (!config.GOVFLOW_TEMPORAL_METRICS_PORT) return {};
  return {
    telemetryOptions: {
      metrics: {
        // Prefixed like govflow's own series, so both sit side by side in one Prometheus.
        metricPrefix: 'temporal_',
        prometheus: {
          bindAddress: `${config.GOVFLOW_TEMPORAL_METRICS_HOST}:${config.GOVFLOW_TEMPORAL_METRICS_PORT}`,
          useSecondsForDurations: true,
        },
      },
    },
  };
}
