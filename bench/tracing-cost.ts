import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import { clientTracingInterceptors } from '../adapters/temporal-tracing.ts';
import { startTracing } from '../adapters/tracing.ts';
import type { Harness } from './harness.ts';

/** A run's figures with tracing off, and what the same measurements give with it on. */
export interface TracingCost {
  off: { eventsPublishedPerSecond: number; voteToEventP99Ms: number };
  on: { eventsPublishedPerSecond: number; voteToEventP99Ms: number };
  /** Traced throughput over untraced (1 = free), and traced p99 over untraced. */
  throughputRatio: number;
  p99Ratio: number;
  /** Spans the benchmark process (the client side) exported, so the phase provably traced. */
  clientSpansExported: number;
}

/**
 * Tracing on, to an in-memory exporter behind the batch processor production uses, in the client and in a worker
 * restarted with BENCH_TRACING=1; `measure` runs the same throughput round and latency phase as the untraced run.
 */
export async function tracingCost(
  h: Harness,
  off: TracingCost['off'],
  measure: (traced: Harness) => Promise<TracingCost['on']>,
): Promise<TracingCost> {
  const exporter = new InMemorySpanExporter();
  const tracing = startTracing({ serviceName: 'govflow-bench', exporter });
  await h.worker.kill('SIGTERM');
  await h.worker.restart({ BENCH_TRACING: '1' });
  try {
    const on = await measure({ ...h, gc: h.governanceWith(clientTracingInterceptors(tracing)) });
    await tracing.spanProcessor.forceFlush();
    return {
      off,
      on,
      throughputRatio: on.eventsPublishedPerSecond / off.eventsPublishedPerSecond,
      p99Ratio: on.voteToEventP99Ms / off.voteToEventP99Ms,
      clientSpansExported: exporter.getFinishedSpans().length,
    };
  } finally {
    await tracing.shutdown();
    await h.worker.kill('SIGTERM');
    await h.worker.restart();
  }
}
