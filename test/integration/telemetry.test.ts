import { Connection } from '@temporalio/client';
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMetricsServer, type MetricsServer } from '../../adapters/metrics/metrics-server.ts';
import { createApiMetrics, createProjectionMetrics, createRegistry, createWorkerMetrics } from '../../adapters/metrics/registry.ts';
import { clientTracingInterceptors, workerTracingOptions } from '../../adapters/temporal-tracing.ts';
import { startTracing, type Tracing } from '../../adapters/tracing.ts';
import { createApp } from '../../api/app.ts';
import { createReadiness } from '../../api/readiness.ts';
import { readSystemEvents } from '../../client/audit.ts';
import { countOpenByStage } from '../../client/fleet-counts.ts';
import { startReadSide } from './helpers/read-side.ts';
import { traceIdOf } from '../../events/trace-context.ts';
import { testEventKeys } from '../support/test-keys.ts';
import { parsePrometheusText, samplesOf } from '../support/prometheus-text.ts';
import { issuerAuthenticator, tokenFor } from './helpers/issuer.ts';
import { testKafka } from './helpers/kafka.ts';
import { testConfig, uniqueName } from './helpers/temporal.ts';
import { openLifecycleEnv, recordHistory, systemEvents, testProposal, waitForState, type LifecycleEnv } from './lifecycle-helpers.ts';

const exporter = new InMemorySpanExporter();
let tracing: Tracing;
let env: LifecycleEnv;
let app: ReturnType<typeof createApp>;
let workerMetrics: MetricsServer;
let close: () => Promise<void>;

beforeAll(async () => {
  tracing = startTracing({ serviceName: 'govflow-test', exporter, batch: false });
  const workerRegistry = createRegistry();
  const traced = workerTracingOptions(tracing);
  env = await openLifecycleEnv('telemetry', {
    publish: { observer: createWorkerMetrics(workerRegistry), tracer: tracing.tracer },
    // The prebuilt bundle (with the trace-context interceptor every bundle carries) and the SDK's activity interceptors.
    worker: { interceptors: traced.interceptors },
    clientInterceptors: clientTracingInterceptors(tracing),
  });
  workerMetrics = await startMetricsServer({ registry: workerRegistry, host: '127.0.0.1', port: 0, access: { kind: 'open' } });
  const temporal = await Connection.connect({ address: testConfig.GOVFLOW_TEMPORAL_ADDRESS });
  const kafkaAdmin = testKafka.admin();
  await kafkaAdmin.connect();
  const registry = createRegistry();
  const reads = await startReadSide(env.topic);
  app = createApp({
    readSide: reads.readSide,
    governance: env.gov,
    history: (systemId) => readSystemEvents({ kafka: testKafka, topic: env.topic, systemId }),
    eventKeys: testEventKeys,
    attestations: { signer: testEventKeys.signer, trusted: testEventKeys.trusted },
    auth: issuerAuthenticator(),
    readiness: createReadiness({ temporal, kafkaAdmin }),
    metrics: { api: createApiMetrics(registry, () => countOpenByStage(env.client)), registry, access: { kind: 'token', token: 'integration-scrape-token' } },
    tracer: tracing.tracer,
  });
  close = async () => {
    await reads.close();
    await workerMetrics.close();
    await kafkaAdmin.disconnect();
    await temporal.close();
    await env.close();
    await tracing.shutdown();
  };
});
afterAll(async () => {
  await close?.();
});

const as = (account: string) => {
  const token = tokenFor(account);
  return {
    post: async (path: string, body: unknown) =>
      app.request(path, { method: 'POST', headers: { authorization: `Bearer ${await token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  };
};
const scrapeApi = async () => {
  const res = await app.request('/metrics', { headers: { authorization: 'Bearer integration-scrape-token' } });
  expect(res.status).toBe(200);
  return parsePrometheusText(await res.text());
};
const spansOf = (traceId: string): ReadableSpan[] => exporter.getFinishedSpans().filter((s) => s.spanContext().traceId === traceId);

/** Polls until `find` returns something, for spans that end just after the call that made them returns. */
async function eventually<T>(find: () => T | undefined | Promise<T | undefined>, what: string): Promise<T> {
  const until = Date.now() + 15_000;
  for (;;) {
    const found = await find();
    if (found !== undefined) return found;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('metrics and traces on the real stack', () => {
  const proposal = testProposal('minimal', 'telemetry');
  const id = proposal.systemId;

  it('counts commands by outcome and requests by route, and the worker its published events, on /metrics', async () => {
    expect((await as('pat').post('/v1/systems', proposal)).status).toBe(201);
    await waitForState(env.gov, id, (s) => s.stage === 'in_review');
    const open = await scrapeApi();
    expect(samplesOf(open, 'govflow_open_review_rounds')[0]?.value).toBeGreaterThanOrEqual(1);
    expect((await as('pat').post(`/v1/systems/${id}/votes`, { vote: 'approve', rationale: 'mine' })).status).toBe(403);
    expect((await as('alice').post(`/v1/systems/${id}/votes`, { vote: 'approve', rationale: 'alice: fine' })).status).toBe(200);
    await waitForState(env.gov, id, (s) => s.stage === 'approved');

    const samples = await scrapeApi();
    const commands = (labels: Record<string, string>) => samplesOf(samples, 'govflow_commands_total', labels)[0]?.value;
    expect(commands({ command: 'propose', outcome: 'accepted' })).toBe(1);
    expect(commands({ command: 'castVote', outcome: 'accepted' })).toBe(1);
    expect(commands({ command: 'castVote', outcome: 'OWN_SYSTEM' })).toBe(1);
    const latency = samplesOf(samples, 'govflow_http_request_duration_seconds_count', { method: 'POST', route: '/v1/systems/:id/votes' });
    expect(Object.fromEntries(latency.map((s) => [s.labels.status, s.value]))).toEqual({ '200': 1, '403': 1 });
    const sum = samplesOf(samples, 'govflow_http_request_duration_seconds_sum', { route: '/v1/systems/:id/votes', status: '200' })[0];
    expect(sum?.value).toBeGreaterThan(0);

    await systemEvents(env.topic, id, 5);
    const worker = parsePrometheusText(await (await fetch(workerMetrics.url)).text());
    expect(samplesOf(worker, 'govflow_events_published_total', { type: 'ai.governance.review.vote_cast.v1' })[0]?.value).toBeGreaterThanOrEqual(1);
    expect(samplesOf(worker, 'govflow_publish_duration_seconds_count', { outcome: 'ok' })[0]?.value).toBeGreaterThanOrEqual(3);
  });

  it('traces a vote from the API through the update and the workflow to its Kafka produce, and the event carries the trace', async () => {
    const events = await systemEvents(env.topic, id, 5);
    const vote = events.find((e) => e.type === 'ai.governance.review.vote_cast.v1');
    expect(vote?.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    const traceId = traceIdOf(vote!.traceparent!);
    const request = spansOf(traceId).find((s) => s.name === 'POST /v1/systems/:id/votes' && s.attributes['http.response.status_code'] === 200);
    expect(request, 'the API request span of the accepted vote').toBeDefined();
    const produce = await eventually(
      () => spansOf(traceId).find((s) => s.name === `publish ${env.topic}`),
      'the Kafka produce span of the vote',
    );
    expect(produce.attributes['govflow.event_ids']).toContain(vote!.id);
    expect(produce.attributes['messaging.destination.name']).toBe(env.topic);
    // The event names the span that sent the update: a consumer continuing the trace hangs off the vote itself.
    const update = spansOf(traceId).find((s) => s.name === 'StartWorkflowUpdate:castVote')!;
    expect(update.parentSpanId).toBe(request!.spanContext().spanId);
    expect(vote!.traceparent).toBe(`00-${traceId}-${update.spanContext().spanId}-01`);
    expect(produce.parentSpanId).toBe(update.spanContext().spanId);
    // The publish activity runs in the trace that started the lifecycle, linked from the vote's produce span.
    const activity = exporter.getFinishedSpans().find((s) => s.spanContext().spanId === produce.links[0]?.context.spanId);
    expect(activity?.name).toBe('RunActivity:publishEvents');
    const start = exporter.getFinishedSpans().find((s) => s.spanContext().spanId === activity?.parentSpanId);
    expect(start?.name).toBe('StartWorkflow:aiSystemLifecycle');
    // The proposal has its own trace, and the events it caused carry that one.
    const proposed = events.find((e) => e.type === 'ai.governance.system.proposed.v1')!;
    expect(proposed.traceparent).toBe(`00-${start!.spanContext().traceId}-${start!.spanContext().spanId}-01`);
    expect(start!.spanContext().traceId).not.toBe(traceId);
    // Replayed with and without the tracing interceptors by the replay tests.
    await recordHistory(env.client, id, 'traced-vote-approved');
  });

  it('times each event from its sealing to its fold into the projection', async () => {
    const registry = createRegistry({ processMetrics: false });
    const metrics = createProjectionMetrics(registry);
    const running = await startReadSide(env.topic, {
      groupId: uniqueName('telemetry-projection'),
      onCommitted: (outcome) => {
        if (outcome.kind === 'folded') metrics.applied(outcome.event);
      },
    });
    try {
      const folded = await eventually(async () => {
        const state = await running.readSide.state(id);
        return state && state.stage === 'approved' ? await running.readSide.sequenceOf(id) : undefined;
      }, 'the projection to fold the approval');
      const samples = parsePrometheusText(await registry.metrics());
      expect(samplesOf(samples, 'govflow_projection_lag_seconds_count')[0]?.value).toBe(folded);
      const within = samplesOf(samples, 'govflow_projection_lag_seconds_bucket', { le: '+Inf' })[0];
      expect(within?.value).toBe(folded);
    } finally {
      await running.close();
    }
  });

});
