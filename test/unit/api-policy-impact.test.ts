import { describe, expect, it } from 'vitest';
import { apiHarness, body, exampleProposal, tokenFor } from './support/api-harness.ts';

// A fleet of one under the fleet-test pack: the example document-search proposal (minimal under 1.0.0).
async function fleet() {
  const h = await apiHarness({ pack: 'fleet-test' });
  const proposer = h.as(await tokenFor('sam-lee', 'proposer'));
  const p = { ...exampleProposal('document-search'), model: { type: 'classifier', version: '1.0.0', largeScale: false } };
  const res = await proposer.post('/v1/systems', p);
  expect(res.status).toBe(201);
  return { ...h, systemId: (await body(res)).systemId as string };
}

describe('GET /v1/policy/impact', () => {
  it.each(['auditor', 'admin'] as const)('answers %s with every system the version changes, and why', async (role) => {
    const { as, systemId } = await fleet();
    const res = await as(await tokenFor('ann', role)).get('/v1/policy/impact?pack=fleet-test&version=2.0.0');
    expect(res.status).toBe(200);
    const b = await body(res);
    expect([b.source, b.assessed, b.policyVersion]).toEqual(['read_side', 1, expect.stringMatching(/^fleet-test@2\.0\.0\+/)]);
    expect(b.systems.map((s: { systemId: string }) => s.systemId)).toEqual([systemId]);
    expect(b.systems[0].impact.addedObligations.map((c: { id: string }) => c.id)).toEqual(['model-card']);
  });

  it.each(['proposer', 'committee_member', 'chair', 'deployer'] as const)('refuses a caller holding only %s with 403', async (role) => {
    const { as } = await fleet();
    const res = await as(await tokenFor('ann', role)).get('/v1/policy/impact?pack=fleet-test&version=2.0.0');
    expect([res.status, (await body(res)).code]).toEqual([403, 'FORBIDDEN']);
  });

  it('refuses a malformed version with 400 naming it, and a version that does not exist with 404', async () => {
    const { as } = await fleet();
    const auditor = as(await tokenFor('ann', 'auditor'));
    const bad = await auditor.get('/v1/policy/impact?pack=fleet-test&version=..%2F1');
    expect([bad.status, (await body(bad)).errors.map((i: { path: string }) => i.path)]).toEqual([400, ['version']]);
    expect((await auditor.get('/v1/policy/impact?pack=fleet-test&version=9.0.0')).status).toBe(404);
  });
});

describe('POST /v1/policy/applications', () => {
  it.each(['auditor', 'chair', 'proposer'] as const)('refuses %s with 403 and sends no lifecycle anything', async (role) => {
    const { as, governance, systemId } = await fleet();
    const before = (await governance.history(systemId)).length;
    const res = await as(await tokenFor('ann', role)).post('/v1/policy/applications', { pack: 'fleet-test', version: '2.0.0' });
    expect([res.status, (await body(res)).code]).toEqual([403, 'FORBIDDEN']);
    expect((await governance.history(systemId)).length).toBe(before);
  });

  it('skips a system whose first review is still open, saying why', async () => {
    const { as, systemId, catchUp } = await fleet();
    await catchUp();
    const res = await as(await tokenFor('root-admin', 'admin')).post('/v1/policy/applications', { pack: 'fleet-test', version: '2.0.0' });
    expect(res.status).toBe(200);
    expect((await body(res)).results).toEqual([
      { systemId, outcome: 'skipped', events: [], reReview: false, detail: expect.stringContaining('has a review open or waiting') },
    ]);
  });
});
