import { describe, expect, it } from 'vitest';
import { apiHarness, body, exampleProposal, tokenFor } from './support/api-harness.ts';

describe('the API without a port: health, contract and HTTP-level errors', () => {
  it('answers /healthz without a token', async () => {
    const { as } = await apiHarness();
    const res = await as(undefined).get('/healthz');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });

  it.each([
    [{ temporal: true, kafka: true }, 200, 'ready'],
    [{ temporal: true, kafka: false }, 503, 'not_ready'],
    [new Error('probe crashed'), 503, 'not_ready'],
  ] as const)('answers /readyz for probe %j with %i', async (ready, status, word) => {
    const { as } = await apiHarness({ ready });
    const res = await as(undefined).get('/readyz');
    expect(res.status).toBe(status);
    expect((await body(res)).status).toBe(word);
  });

  it('serves an OpenAPI 3.1 document listing every route, with problem+json errors and bearer security', async () => {
    const { as } = await apiHarness();
    const doc = await body(await as(undefined).get('/openapi.json'));
    expect(doc.openapi).toBe('3.1.0');
    const paths = Object.keys(doc.paths as object).sort();
    expect(paths).toEqual(
      [
        '/.well-known/jwks.json',
        '/healthz',
        '/readyz',
        '/v1/systems',
        '/v1/systems/{id}',
        '/v1/systems/{id}/events',
        '/v1/systems/{id}/attestation',
        '/v1/systems/{id}/votes',
        '/v1/systems/{id}/recusals',
        '/v1/systems/{id}/amendments',
        '/v1/systems/{id}/conditions/{cid}/evidence',
        '/v1/systems/{id}/deployments',
        '/v1/systems/{id}/incidents',
        '/v1/systems/{id}/transparency-reports',
        '/v1/systems/{id}/modifications',
        '/v1/systems/{id}/retirement',
        '/v1/systems/{id}/staffing-retries',
        '/v1/systems/{id}/derogation-acceptance',
        '/v1/systems/{id}/command-keys',
        '/v1/reviews/pending',
        '/v1/reviews/unstaffed',
        '/v1/indicators',
        '/v1/report',
        '/v1/policy/impact',
        '/v1/policy/applications',
      ].sort(),
    );
    expect(doc.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    const vote = doc.paths['/v1/systems/{id}/votes'].post;
    expect(vote.responses['409'].content['application/problem+json']).toBeDefined();
    const voteBody = doc.components.schemas.VoteBody;
    expect(Object.keys(voteBody.properties)).toEqual(['vote', 'rationale']); // no actor: the token says who votes
    expect(doc.components.schemas.ProposeBody.required).toContain('systemId');
  });

  it('serves a self-contained docs page that names the routes and loads nothing from elsewhere', async () => {
    const { as } = await apiHarness();
    const res = await as(undefined).get('/docs');
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    const html = await res.text();
    expect(html).toContain('/v1/systems/{id}/votes');
    expect(html).toContain('/openapi.json');
    expect(html).not.toMatch(/<script|<link|https?:\/\//);
  });

  it('refuses /v1 without a token, or with a bad one, with 401 problem+json', async () => {
    const { as } = await apiHarness();
    for (const res of [await as(undefined).get('/v1/systems'), await as('garbage').get('/v1/systems')]) {
      expect(res.status).toBe(401);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
      expect(await body(res)).toMatchObject({ status: 401, code: 'UNAUTHENTICATED', title: 'Unauthorized' });
    }
  });

  it('answers an unknown route with a 404 problem', async () => {
    const { as } = await apiHarness();
    const res = await as(await tokenFor('ann', 'auditor')).get('/v1/nothing-here');
    expect(res.status).toBe(404);
    expect(await body(res)).toMatchObject({ code: 'NOT_FOUND', instance: '/v1/nothing-here' });
  });

  it('refuses malformed JSON with 400, not 500', async () => {
    const { as, errors } = await apiHarness();
    const res = await as(await tokenFor('mei-lin', 'proposer')).post('/v1/systems', '{"systemId": ');
    expect(res.status).toBe(400);
    expect((await body(res)).code).toBe('INVALID_INPUT');
    expect(errors).toEqual([]);
  });

  it('refuses a body that is not JSON with 415', async () => {
    const { as } = await apiHarness();
    const res = await as(await tokenFor('mei-lin', 'proposer')).post('/v1/systems', 'systemId=x', {
      'content-type': 'application/x-www-form-urlencoded',
    });
    expect(res.status).toBe(415);
    expect((await body(res)).code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('refuses an oversized body with 413', async () => {
    const { as } = await apiHarness({ maxBodyBytes: 1024 });
    const big = { ...exampleProposal('credit-scoring'), purpose: 'x'.repeat(5000) };
    const res = await as(await tokenFor('mei-lin', 'proposer')).post('/v1/systems', big);
    expect(res.status).toBe(413);
    expect((await body(res)).code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('lists every bad field of an invalid proposal at once', async () => {
    const { as } = await apiHarness();
    const bad: Record<string, unknown> = {
      ...exampleProposal('credit-scoring'),
      systemId: 'Not A Slug',
      sector: 'casino',
      extra: 1,
    };
    delete bad.purpose;
    const res = await as(await tokenFor('mei-lin', 'proposer')).post('/v1/systems', bad);
    expect(res.status).toBe(400);
    const p = await body(res);
    const paths = (p.errors as { path: string }[]).map((e) => e.path).sort();
    expect(paths).toEqual(expect.arrayContaining(['systemId', 'sector', 'purpose']));
    expect(paths.some((x) => x === '(root)' || x === 'extra')).toBe(true);
    expect(p.detail).toContain('systemId');
  });

  it.each([
    ['a JSON null', 'null'],
    ['a JSON array', '[]'],
    ['an empty body', ''],
    ['a string', '"hello"'],
  ])('refuses %s as a vote body with 400 and logs no server error', async (_what, raw) => {
    const { as, errors } = await apiHarness();
    await as(await tokenFor('mei-lin', 'proposer')).post('/v1/systems', exampleProposal('credit-scoring'));
    const res = await as(await tokenFor('alice', 'committee_member')).post(
      '/v1/systems/retail-credit-scoring/votes',
      raw,
    );
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(errors).toEqual([]);
  });

  it('accepts JSON with a charset parameter', async () => {
    const { as } = await apiHarness();
    const res = await as(await tokenFor('mei-lin', 'proposer')).post('/v1/systems', exampleProposal('credit-scoring'), {
      'content-type': 'application/json; charset=utf-8',
    });
    expect(res.status).toBe(201);
  });

  it('refuses a non-numeric page size with 400', async () => {
    const { as } = await apiHarness();
    const res = await as(await tokenFor('ann', 'auditor')).get('/v1/systems?pageSize=lots');
    expect(res.status).toBe(400);
    expect((await body(res)).errors[0].path).toBe('pageSize');
  });
});
