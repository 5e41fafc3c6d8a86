import { describe, expect, it } from 'vitest';
import { createApiMetrics, createRegistry } from '../../../adapters/metrics/registry.ts';
import { scrapeAccess, type ScrapeAccess } from '../../../adapters/metrics/scrape-access.ts';
import { parsePrometheusText, samplesOf } from '../../support/prometheus-text.ts';
import { apiHarness, body, exampleProposal, tokenFor } from '../support/api-harness.ts';

const SYS = '/v1/systems/retail-credit-scoring';
const TOKEN = 'scrape-token-for-unit-tests';

async function withMetrics(access: ScrapeAccess = { kind: 'open' }) {
  const registry = createRegistry({ processMetrics: false });
  const h = await apiHarness({ metrics: { api: createApiMetrics(registry, async () => ({ in_review: 3, deployed: 2 })), registry, access } });
  const scrape = async (headers: Record<string, string> = {}) => h.app.request('/metrics', { headers });
  return { ...h, scrape };
}

describe('GET /metrics on the API', () => {
  it('counts requests by route template and commands by type and outcome, edge refusals included', async () => {
    const { as, scrape } = await withMetrics();
    const mei = as(await tokenFor('mei-lin', 'proposer', 'deployer'));
    expect((await mei.post('/v1/systems', exampleProposal('credit-scoring'))).status).toBe(201);
    const alice = as(await tokenFor('alice', 'committee_member'));
    expect((await alice.post(`${SYS}/votes`, { vote: 'approve', rationale: 'read it' })).status).toBe(200);
    expect((await alice.post(`${SYS}/votes`, { vote: 'reject', rationale: 'again' })).status).toBe(409);
    expect((await as(await tokenFor('bob', 'proposer')).post(`${SYS}/votes`, { vote: 'approve', rationale: 'r' })).status).toBe(403);
    const res = await scrape();
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const samples = parsePrometheusText(await res.text());
    const count = (labels: Record<string, string>) => samplesOf(samples, 'govflow_commands_total', labels)[0]?.value;
    expect(count({ command: 'propose', outcome: 'accepted' })).toBe(1);
    expect(count({ command: 'castVote', outcome: 'accepted' })).toBe(1);
    expect(count({ command: 'castVote', outcome: 'ALREADY_VOTED' })).toBe(1);
    expect(count({ command: 'castVote', outcome: 'FORBIDDEN' })).toBe(1);
    const votes = samplesOf(samples, 'govflow_http_request_duration_seconds_count', { method: 'POST', route: '/v1/systems/:id/votes' });
    expect(votes.map((s) => [s.labels.status, s.value]).sort()).toEqual([['200', 1], ['403', 1], ['409', 1]]);
    // The raw path never becomes a label: one series per route, however many systems there are.
    expect(samples.some((s) => s.labels.route?.includes('retail-credit-scoring'))).toBe(false);
    expect(samplesOf(samples, 'govflow_open_review_rounds')[0]?.value).toBe(3);
    expect(samplesOf(samples, 'govflow_systems', { stage: 'deployed' })[0]?.value).toBe(2);
  });

  it('asks for the scrape token when one is configured, and compares it in full', async () => {
    const { scrape } = await withMetrics(scrapeAccess({ GOVFLOW_ENV: 'production', GOVFLOW_METRICS_TOKEN: TOKEN }));
    const none = await scrape();
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe('Bearer realm="metrics"');
    expect((await body(none)).code).toBe('UNAUTHENTICATED');
    expect((await scrape({ authorization: `Bearer ${TOKEN}x` })).status).toBe(401);
    expect((await scrape({ authorization: `Bearer ${TOKEN.slice(0, -1)}` })).status).toBe(401);
    expect((await scrape({ authorization: `Bearer ${TOKEN}` })).status).toBe(200);
  });

  it('serves no metrics in production without a token, and openly in development and test', async () => {
    expect(scrapeAccess({ GOVFLOW_ENV: 'development' })).toEqual({ kind: 'open' });
    const { scrape } = await withMetrics(scrapeAccess({ GOVFLOW_ENV: 'production' }));
    const res = await scrape();
    expect(res.status).toBe(404);
    expect((await body(res)).detail).toMatch(/GOVFLOW_METRICS_TOKEN/);
  });
});

describe('the fleet gauges', () => {
  it('keep their last values and the scrape whole when the visibility count fails', async () => {
    const registry = createRegistry({ processMetrics: false });
    let calls = 0;
    createApiMetrics(registry, async () => {
      calls += 1;
      if (calls > 1) throw new Error('Temporal unavailable');
      return { in_review: 4, deployed: 1 };
    });
    const first = parsePrometheusText(await registry.metrics());
    expect(samplesOf(first, 'govflow_open_review_rounds')[0]?.value).toBe(4);
    // One count serves a scrape; the next scrape, a second later, counts again and fails.
    await new Promise((r) => setTimeout(r, 1100));
    const second = parsePrometheusText(await registry.metrics());
    expect(calls).toBe(2);
    expect(samplesOf(second, 'govflow_open_review_rounds')[0]?.value).toBe(4);
    expect(samplesOf(second, 'govflow_systems', { stage: 'deployed' })[0]?.value).toBe(1);
  });
});
