import { describe, expect, it } from 'vitest';
import { apiHarness, exampleProposal, tokenFor } from './support/api-harness.ts';

/** Collects the access log's lines. */
function capture() {
  const lines: Record<string, unknown>[] = [];
  return {
    lines,
    logger: {
      info: (o: object) => lines.push({ level: 'info', ...o }),
      error: (o: object) => lines.push({ level: 'error', ...o }),
    },
  };
}

describe('the access log', () => {
  it('writes one line per request, for reads, refusals and writes alike', async () => {
    const { lines, logger } = capture();
    const { as } = await apiHarness({ accessLog: logger });
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const proposer = as(await tokenFor('mei-lin', 'proposer'));
    const created = await proposer.post('/v1/systems', exampleProposal('credit-scoring'), {
      traceparent: `00-${traceId}-00f067aa0ba902b7-01`,
    });
    expect(created.status).toBe(201);
    expect(created.headers.get('x-request-id')).toBe(traceId);
    await as(await tokenFor('ann', 'auditor')).get('/v1/systems/retail-credit-scoring');
    await as(undefined).get('/v1/systems');
    await as(await tokenFor('olga', 'deployer')).post('/v1/systems/retail-credit-scoring/votes', {
      vote: 'approve',
      rationale: 'x',
    });
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatchObject({
      requestId: traceId,
      method: 'POST',
      route: '/v1/systems',
      status: 201,
      caller: 'mei-lin',
      roles: ['proposer'],
    });
    expect(lines[1]).toMatchObject({
      method: 'GET',
      route: '/v1/systems/:id',
      systemId: 'retail-credit-scoring',
      status: 200,
      caller: 'ann',
    });
    expect(lines[2]).toMatchObject({ method: 'GET', path: '/v1/systems', status: 401, caller: null, roles: [] });
    expect(lines[3]).toMatchObject({ status: 403, caller: 'olga', systemId: 'retail-credit-scoring' });
    for (const line of lines) {
      expect(line.latencyMs).toEqual(expect.any(Number));
      expect(line.requestId).toMatch(/^[0-9a-f]{32}$/);
    }
    expect(new Set(lines.map((l) => l.requestId)).size).toBe(4);
  });
});

describe('repeated failed sign-ins', () => {
  it('get 429 with Retry-After once an address reaches the limit, even with a good token then', async () => {
    const { as } = await apiHarness({ authFailureLimit: { failures: 3, windowSeconds: 60 } });
    for (let i = 0; i < 3; i++) expect((await as('forged.token.value').get('/v1/systems')).status).toBe(401);
    const limited = await as('forged.token.value').get('/v1/systems');
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await limited.json()).toMatchObject({ code: 'TOO_MANY_REQUESTS', status: 429 });
    expect((await as(await tokenFor('ann', 'auditor')).get('/v1/systems')).status).toBe(429);
  });

  it('do not count requests that sign in', async () => {
    const { as } = await apiHarness({ authFailureLimit: { failures: 2, windowSeconds: 60 } });
    const ann = as(await tokenFor('ann', 'auditor'));
    for (let i = 0; i < 5; i++) expect((await ann.get('/v1/systems')).status).toBe(200);
  });
});
