import { describe, expect, it } from 'vitest';
import { apiHarness, body, exampleProposal, tokenFor } from './support/api-harness.ts';

const credit = () => exampleProposal('credit-scoring');

describe('POST /v1/systems', () => {
  it('starts a lifecycle as the caller and points to it', async () => {
    const { as, governance } = await apiHarness();
    const res = await as(await tokenFor('mei-lin', 'proposer')).post('/v1/systems', credit());
    expect(res.status).toBe(201);
    expect(res.headers.get('location')).toBe('/v1/systems/retail-credit-scoring');
    expect(await body(res)).toMatchObject({
      systemId: 'retail-credit-scoring',
      workflowId: 'ai-system:retail-credit-scoring',
    });
    const state = await governance.getState('retail-credit-scoring');
    expect(state.proposal?.proposer).toBe('mei-lin');
    expect(state.stage).toBe('in_review');
  });

  it('fills in the proposer from the token when the body leaves it out', async () => {
    const { as, governance } = await apiHarness();
    const rest = credit();
    delete rest.proposer;
    expect((await as(await tokenFor('mei-lin', 'proposer')).post('/v1/systems', rest)).status).toBe(201);
    expect((await governance.getState('retail-credit-scoring')).proposal?.proposer).toBe('mei-lin');
  });

  it('refuses a proposal on behalf of someone else', async () => {
    const { as, governance } = await apiHarness();
    const res = await as(await tokenFor('mallory', 'proposer')).post('/v1/systems', credit());
    expect(res.status).toBe(403);
    expect((await body(res)).detail).toMatch(/mallory cannot propose on behalf of mei-lin/);
    expect(governance.systems.size).toBe(0);
  });

  it('refuses a caller without the proposer role', async () => {
    const { as } = await apiHarness();
    const res = await as(await tokenFor('mei-lin', 'committee_member', 'auditor')).post('/v1/systems', credit());
    expect(res.status).toBe(403);
    expect(await body(res)).toMatchObject({ code: 'FORBIDDEN', detail: expect.stringMatching(/proposer/) });
  });

  it('refuses a duplicate system id with 409', async () => {
    const { as } = await apiHarness();
    const mei = as(await tokenFor('mei-lin', 'proposer'));
    await mei.post('/v1/systems', credit());
    const res = await mei.post('/v1/systems', credit());
    expect(res.status).toBe(409);
    expect((await body(res)).code).toBe('CONFLICT');
  });

  it.each(['test', 'Bad%20Pack'])('refuses a proposal that names a policy pack (%s) with 400 naming it, starting nothing', async (pack) => {
    const { as, governance } = await apiHarness();
    const mei = as(await tokenFor('mei-lin', 'proposer'));
    const res = await mei.post(`/v1/systems?policyPack=${pack}`, credit());
    expect(res.status).toBe(400);
    const problem = await body(res);
    expect(problem.errors).toEqual([{ path: 'policyPack', message: expect.stringContaining('the organisation chooses the policy pack') }]);
    expect(governance.systems.size).toBe(0);
    expect((await mei.post('/v1/systems', { ...credit(), policyPack: 'test' })).status).toBe(400);
    expect(governance.systems.size).toBe(0);
  });
});

describe('reading systems', () => {
  const seeded = async () => {
    const h = await apiHarness();
    await h.as(await tokenFor('mei-lin', 'proposer')).post('/v1/systems', credit());
    await h.as(await tokenFor('sam-lee', 'proposer')).post('/v1/systems', exampleProposal('document-search'));
    await h.as(await tokenFor('tom-baker', 'proposer')).post('/v1/systems', exampleProposal('essay-grader'));
    return { ...h, reader: h.as(await tokenFor('ann', 'auditor')) };
  };

  it('lists systems filtered by sector, owner, tier and stage', async () => {
    const { reader } = await seeded();
    const ids = async (q: string) =>
      ((await body(await reader.get(`/v1/systems${q}`))).items as { systemId: string }[]).map((s) => s.systemId).sort();
    expect(await ids('')).toHaveLength(3);
    expect(await ids('?sector=finance')).toEqual(['retail-credit-scoring']);
    expect(await ids('?owner=km-lead')).toEqual(['internal-doc-search']);
    expect(await ids('?tier=high&stage=in_review')).toContain('retail-credit-scoring');
    expect(await ids('?stage=retired')).toEqual([]);
  });

  it('pages through the list with nextPageToken', async () => {
    const { reader } = await seeded();
    const first = await body(await reader.get('/v1/systems?pageSize=2'));
    expect(first.items).toHaveLength(2);
    expect(first.nextPageToken).toEqual(expect.any(String));
    const second = await body(await reader.get(`/v1/systems?pageSize=2&pageToken=${first.nextPageToken}`));
    expect(second.items).toHaveLength(1);
    expect(second.nextPageToken).toBeNull();
  });

  it.each(['garbage', 'Z2FyYmFnZQ', 'W10', '%00'])(
    'refuses the page token %s at once, naming pageToken',
    async (token) => {
      const { reader } = await seeded();
      const res = await reader.get(`/v1/systems?pageToken=${token}`);
      expect(res.status).toBe(400);
      expect(((await body(res)).errors as { path: string }[]).map((e) => e.path)).toEqual(['pageToken']);
    },
  );

  it('refuses bad filters with every bad field', async () => {
    const { reader } = await seeded();
    const res = await reader.get('/v1/systems?tier=extreme&pageSize=0&stage=dancing');
    expect(res.status).toBe(400);
    expect(((await body(res)).errors as { path: string }[]).map((e) => e.path).sort()).toEqual([
      'pageSize',
      'stage',
      'tier',
    ]);
  });

  it("returns a system's state, 404 for an unknown one and 400 for an id that is not a slug", async () => {
    const { reader } = await seeded();
    const state = await body(await reader.get('/v1/systems/retail-credit-scoring'));
    expect(state).toMatchObject({ systemId: 'retail-credit-scoring', stage: 'in_review', tier: 'high' });
    expect(state.review.expectedVoters).toContain('alice');
    const missing = await reader.get('/v1/systems/no-such-system');
    expect(missing.status).toBe(404);
    expect((await body(missing)).code).toBe('NOT_FOUND');
    expect((await reader.get('/v1/systems/NO_SUCH')).status).toBe(400);
  });

  it('returns the events of a system in sequence order, chained', async () => {
    const { reader } = await seeded();
    const page = await body(await reader.get('/v1/systems/retail-credit-scoring/events'));
    const events = page.events as { type: string; sequence: number; prevhash: string; hash: string }[];
    expect(events.map((e) => e.type)).toEqual([
      'ai.governance.system.proposed.v1',
      'ai.governance.risk.assessed.v1',
      'ai.governance.review.opened.v1',
    ]);
    expect(events.map((e) => e.sequence)).toEqual([1, 2, 3]);
    expect(events[1]?.prevhash).toBe(events[0]?.hash);
    expect((await reader.get('/v1/systems/no-such-system/events')).status).toBe(404);
  });
});
