import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { GovernanceEvent } from '../../events/envelope.ts';

/** Request and publish latencies, in seconds: from a loopback read (ms) to a publish waiting out a broker (s). */
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** A Prometheus registry with the process's own runtime series (CPU, memory, event-loop lag, GC). */
export function createRegistry(opts: { processMetrics?: boolean } = {}): Registry {
  const registry = new Registry();
  if (opts.processMetrics !== false) collectDefaultMetrics({ register: registry });
  return registry;
}

/** The API's series: every request by route template, every command by type and outcome, and the fleet gauges. */
export function createApiMetrics(registry: Registry, fleet?: FleetCounts) {
  const metrics = {
    registry,
    requestDuration: new Histogram({
      name: 'govflow_http_request_duration_seconds',
      help: 'HTTP requests answered, by method, route template (never the raw path) and status.',
      labelNames: ['method', 'route', 'status'] as const,
      buckets: LATENCY_BUCKETS,
      registers: [registry],
    }),
    commands: new Counter({
      name: 'govflow_commands_total',
      help: 'Commands sent to lifecycles, by command and outcome (accepted, or the refusal code).',
      labelNames: ['command', 'outcome'] as const,
      registers: [registry],
    }),
  };
  if (fleet) registerFleetGauges(registry, fleet);
  return metrics;
}
export type ApiMetrics = ReturnType<typeof createApiMetrics>;

/** Counts of open systems by stage, read when scraped (one visibility count per stage; no workflow is woken). */
export type FleetCounts = () => Promise<Record<string, number>>;

function registerFleetGauges(registry: Registry, fleet: FleetCounts): void {
  // One read serves both gauges of a scrape: Prometheus collects them one after the other.
  // A failed count (Temporal away) keeps the last values rather than failing the whole scrape.
  let pending: Promise<Record<string, number>> | undefined;
  const counts = (): Promise<Record<string, number>> => {
    pending ??= fleet()
      .catch(() => ({}))
      .finally(() => setTimeout(() => (pending = undefined), 1000).unref());
    return pending;
  };
  new Gauge({
    name: 'govflow_systems',
    help: 'Open lifecycles by stage (from the Temporal visibility store).',
    labelNames: ['stage'] as const,
    registers: [registry],
    async collect() {
      for (const [stage, n] of Object.entries(await counts())) this.set({ stage }, n);
    },
  });
  new Gauge({
    name: 'govflow_open_review_rounds',
    help: 'Review rounds open now: lifecycles waiting for the committee.',
    registers: [registry],
    async collect() {
      const open = (await counts()).in_review;
      if (open !== undefined) this.set(open);
    },
  });
}

/** The worker's series: events published by type, and each send's latency by outcome. */
export function createWorkerMetrics(registry: Registry) {
  const events = new Counter({
    name: 'govflow_events_published_total',
    help: 'Governance events acknowledged by the topic, by CloudEvents type (a retried send counts again).',
    labelNames: ['type'] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'govflow_publish_duration_seconds',
    help: 'One send of a batch of events to the topic, until every in-sync replica acknowledged it, by outcome.',
    labelNames: ['outcome'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  return {
    registry,
    published(sent: readonly GovernanceEvent[], seconds: number): void {
      for (const e of sent) events.inc({ type: e.type });
      duration.observe({ outcome: 'ok' }, seconds);
    },
    failed(_sent: readonly GovernanceEvent[], seconds: number): void {
      duration.observe({ outcome: 'error' }, seconds);
    },
  };
}
export type WorkerMetrics = ReturnType<typeof createWorkerMetrics>;

/** The projection's series: how long after an event was sealed it was folded into the read side. */
export function createProjectionMetrics(registry: Registry, now: () => number = Date.now) {
  const lag = new Histogram({
    name: 'govflow_projection_lag_seconds',
    help: "From an event's time (sealed in its workflow) to its fold into the projection.",
    buckets: [0.01, 0.025, 0.05, 0.1, 0.2, 0.5, 1, 2.5, 5, 10, 30, 60],
    registers: [registry],
  });
  return {
    registry,
    applied(event: GovernanceEvent): void {
      lag.observe(Math.max(0, (now() - Date.parse(event.time)) / 1000));
    },
  };
}
export type ProjectionMetrics = ReturnType<typeof createProjectionMetrics>;
