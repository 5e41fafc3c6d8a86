import { describe, expect, it } from 'vitest';
import { ApiError, createHttpClient } from '../../client/http-client.ts';
import { errorLine, exitCodeOf } from '../../cli/run-action.ts';
import { renderTable } from '../../cli/output.ts';
import { apiHarness, exampleProposal, tokenFor } from './support/api-harness.ts';

/** The typed HTTP client, talking to the app in memory through its fetch. */
async function clients() {
  const h = await apiHarness();
  const client = async (sub: string, ...roles: Parameters<typeof tokenFor>[1][]) =>
    createHttpClient({
      baseUrl: 'http://govflow.test/',
      token: await tokenFor(sub, ...roles),
      // The read side catches up before each request, as the API's consumer would.
      fetch: async (url, init) => {
        await h.catchUp();
        return h.app.request(String(url), init);
      },
    });
  return { ...h, client };
}

describe('the typed HTTP client', () => {
  it('proposes, reads and votes through the API', async () => {
    const { client } = await clients();
    const mei = await client('mei-lin', 'proposer');
    const started = await mei.propose(exampleProposal('credit-scoring') as never);
    expect(started).toMatchObject({ systemId: 'retail-credit-scoring', location: '/v1/systems/retail-credit-scoring' });
    const alice = await client('alice', 'committee_member');
    expect((await alice.pending()).items).toHaveLength(1);
    expect(await alice.vote('retail-credit-scoring', { vote: 'approve', rationale: 'fine' })).toMatchObject({
      sequence: 4,
    });
    expect((await alice.get('retail-credit-scoring')).review?.votes).toHaveLength(1);
    expect((await alice.events('retail-credit-scoring')).events).toHaveLength(4);
    expect((await alice.list({ sector: 'finance' })).items.map((s) => s.systemId)).toEqual(['retail-credit-scoring']);
  });

  it("turns a problem into an ApiError carrying the API's code and reason", async () => {
    const { client } = await clients();
    const mei = await client('mei-lin', 'proposer');
    const err = await mei.get('no-such-system').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status: 404, code: 'NOT_FOUND', message: 'no system no-such-system' });
    expect(errorLine(err)).toBe('NOT_FOUND (404): no system no-such-system');
    expect(exitCodeOf(err)).toBe(4);
  });

  it('tells a caller without a token how to give one', async () => {
    const { app } = await clients();
    const anonymous = createHttpClient({
      baseUrl: 'http://govflow.test',
      fetch: (url, init) => Promise.resolve(app.request(String(url), init)),
    });
    const err = await anonymous.pending().catch((e: unknown) => e);
    expect(errorLine(err)).toMatch(
      /^UNAUTHENTICATED \(401\): a bearer token is required .*; sign in with `govflow login` \(locally: `govflow login --dev-account <id>`\), or pass --token/,
    );
    expect(exitCodeOf(err)).toBe(3);
  });

  it('reports an unreachable API as status 0 with exit code 6', async () => {
    const api = createHttpClient({
      baseUrl: 'http://127.0.0.1:59997',
      fetch: () => Promise.reject(new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } })),
    });
    const err = await api.health().catch((e: unknown) => e);
    expect(err).toMatchObject({ status: 0, code: 'UNREACHABLE', message: expect.stringContaining('ECONNREFUSED') });
    expect(exitCodeOf(err)).toBe(6);
  });
});

describe('CLI output', () => {
  it('aligns a table and shows missing values as -', () => {
    const out = renderTable(
      [
        { a: 'x', b: null },
        { a: 'longer', b: ['p', 'q'] },
      ],
      [
        { header: 'a', value: (r) => r.a },
        { header: 'bee', value: (r) => r.b },
      ],
    );
    expect(out).toBe('A       BEE\nx       -\nlonger  p, q');
  });
});
