import { describe, expect, it } from 'vitest';
import { apiHarness, body, exampleProposal, tokenFor } from './support/api-harness.ts';

const window = 'period=2026-H1&asOf=2026-06-30';

async function fleet() {
  const h = await apiHarness();
  const proposer = h.as(await tokenFor('mei-lin', 'proposer'));
  expect((await proposer.post('/v1/systems', exampleProposal('credit-scoring'))).status).toBe(201);
  return h;
}

describe('GET /v1/indicators', () => {
  it.each(['auditor', 'admin', 'chair'] as const)('answers a caller holding %s with the indicators of the window', async (role) => {
    const { as } = await fleet();
    const res = await as(await tokenFor('ann', role)).get(`/v1/indicators?${window}`);
    expect(res.status).toBe(200);
    const b = await body(res);
    expect(b.window).toMatchObject({ label: '2026-H1', asOf: '2026-06-30T00:00:00.000Z' });
    expect(b.systems).toMatchObject({ total: 1, byStage: { in_review: 1 }, byTier: { high: 1 }, bySector: { finance: 1 } });
    expect(b.reviews.opened).toBe(1);
    expect(b.committee.openRounds).toBe(1);
  });

  it('applies the filters', async () => {
    const { as } = await fleet();
    const b = await body(await as(await tokenFor('ann', 'auditor')).get(`/v1/indicators?${window}&sector=healthcare`));
    expect(b.systems.total).toBe(0);
    expect(b.filter).toEqual({ sector: 'healthcare', tier: null, pack: null });
  });

  it.each(['proposer', 'committee_member', 'deployer'] as const)('refuses a caller holding only %s with 403', async (role) => {
    const { as } = await fleet();
    const res = await as(await tokenFor('mei-lin', role)).get(`/v1/indicators?${window}`);
    expect(res.status).toBe(403);
    expect((await body(res)).code).toBe('FORBIDDEN');
  });

  it('refuses a bad window and a bad filter with 400, naming each field', async () => {
    const { as } = await fleet();
    const res = await as(await tokenFor('ann', 'auditor')).get('/v1/indicators?period=2026-H7&tier=huge');
    expect(res.status).toBe(400);
    const fields = ((await body(res)).errors as { path: string }[]).map((e) => e.path);
    expect(fields).toContain('tier');
    const res2 = await as(await tokenFor('ann', 'auditor')).get('/v1/indicators?from=2026-05-01&to=2026-01-01');
    expect(res2.status).toBe(400);
    expect(((await body(res2)).errors as { path: string }[]).map((e) => e.path)).toEqual(['to']);
  });
});

describe('GET /v1/report', () => {
  it('gives the register of high-tier systems with the chain head, as JSON and as a self-contained HTML page', async () => {
    const { as } = await fleet();
    const auditor = as(await tokenFor('ann', 'auditor'));
    const json = await body(await auditor.get(`/v1/report?${window}`));
    expect(json.register).toHaveLength(1);
    expect(json.register[0]).toMatchObject({ systemId: 'retail-credit-scoring', stage: 'in_review' });
    expect(json.register[0].head.sequence).toBeGreaterThan(1);
    expect(json.register[0].head.hash).toMatch(/^[0-9a-f]{64}$/);
    const res = await auditor.get(`/v1/report?${window}&format=html`);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    const html = await res.text();
    expect(html).toMatch(/^<!doctype html>\n<html lang="en">/);
    expect(html).toContain('retail-credit-scoring');
    expect(html).toContain(json.register[0].head.hash);
    expect(html).not.toMatch(/<script|<link|src=/);
  });

  it('refuses a proposer with 403', async () => {
    const { as } = await fleet();
    expect((await as(await tokenFor('mei-lin', 'proposer')).get(`/v1/report?${window}`)).status).toBe(403);
  });
});
