import fc from 'fast-check';
import { generateKeyPair, UnsecuredJWT, type CryptoKey } from 'jose';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { updateInputSchemas, type UpdateName } from '../../domain/lifecycle/commands.ts';
import { apiHarness, exampleProposal, tokenFor } from './support/api-harness.ts';
import { issuer, signToken } from './support/test-keys.ts';
import {
  INJECTION_STRINGS,
  UNICODE_EDGES,
  codeUnitString,
  hostileObject,
  hostileString,
  mutate,
  mutationOf,
  pathText,
  related,
} from './support/hostile-input.ts';

const SYSTEM = 'retail-credit-scoring';
const proposal = exampleProposal('credit-scoring');
const updateNames = Object.keys(updateInputSchemas) as UpdateName[];
const commandPaths = [
  'votes',
  'recusals',
  'amendments',
  'conditions/bias-audit/evidence',
  'deployments',
  'incidents',
  'transparency-reports',
  'modifications',
  'retirement',
];
const allRoles = ['proposer', 'committee_member', 'chair', 'deployer', 'auditor', 'admin'] as const;

/** The app over the in-memory governance with the credit-scoring proposal in review, every entry point spied on. */
async function world() {
  const h = await apiHarness();
  const mei = await tokenFor('mei-lin', ...allRoles);
  const started = await h.as(mei).post('/v1/systems', proposal);
  expect(started.status).toBe(201);
  const spies = {
    startLifecycle: vi.spyOn(h.governance, 'startLifecycle'),
    // Listing reads the read side: the spy is on its list.
    list: vi.spyOn(h.readSide, 'list'),
    getState: vi.spyOn(h.governance, 'getState'),
    ...Object.fromEntries(updateNames.map((n) => [n, vi.spyOn(h.governance, n)])),
  } as Record<string, ReturnType<typeof vi.spyOn>>;
  const calls = () => Object.values(spies).reduce((n, s) => n + s.mock.calls.length, 0);
  const writes = () =>
    spies.startLifecycle!.mock.calls.length + updateNames.reduce((n, u) => n + spies[u]!.mock.calls.length, 0);
  const events = () => h.governance.systems.get(SYSTEM)!.events.length;
  return { ...h, mei, alice: await tokenFor('alice', ...allRoles), spies, calls, writes, events };
}
type World = Awaited<ReturnType<typeof world>>;

/** Asserts a response is a 4xx problem+json whose body agrees with its status, and returns the body. */
async function expectProblem(
  res: Response,
): Promise<{ status: number; code: string; detail: string; errors?: { path: string }[] }> {
  expect(res.status).toBeGreaterThanOrEqual(400);
  expect(res.status).toBeLessThan(500);
  expect(res.headers.get('content-type')).toBe('application/problem+json');
  const problem = (await res.json()) as { status: number; code: string; detail: string; errors?: { path: string }[] };
  expect(problem.status).toBe(res.status);
  expect(problem.code).toMatch(/^[A-Z_]+$/);
  expect(typeof problem.detail).toBe('string');
  return problem;
}

const request = (
  w: World,
  path: string,
  init: { method?: string; body?: string | Uint8Array; token?: string; headers?: Record<string, string> },
) =>
  w.app.request(path, {
    method: init.method ?? 'POST',
    ...(init.body === undefined ? {} : { body: init.body }),
    headers: {
      ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
      ...init.headers,
    },
  });

let w: World;
beforeAll(async () => {
  w = await world();
});

describe('proposals sent over HTTP', () => {
  it('either start one lifecycle, or are refused with a 4xx problem naming the touched fields and start nothing', async () => {
    const h = await world(); // its own world: this property clears the systems it starts
    await fc.assert(
      fc.asyncProperty(fc.array(mutationOf(proposal), { minLength: 1, maxLength: 3 }), async (mutations) => {
        h.governance.systems.clear();
        h.spies.startLifecycle!.mockClear();
        const { value, touched } = mutate(proposal, mutations);
        const res = await request(h, '/v1/systems', { token: h.mei, body: JSON.stringify(value) });
        if (res.status === 201) return void expect(h.spies.startLifecycle).toHaveBeenCalledTimes(1);
        const problem = await expectProblem(res);
        expect(h.spies.startLifecycle).not.toHaveBeenCalled();
        if (problem.status === 400 && problem.code === 'INVALID_INPUT' && problem.errors) {
          for (const e of problem.errors) expect(touched.map(pathText).some((t) => related(e.path, t))).toBe(true);
        }
      }),
      { numRuns: 100 },
    );
  });

  it('refuse a proposal whose text is not well-formed Unicode, naming the field and starting nothing', async () => {
    w.spies.startLifecycle!.mockClear();
    const body = JSON.stringify({ ...proposal, systemId: 'lone-surrogate', name: 'ok' }).replace('"ok"', '"a\\ud800b"');
    const problem = await expectProblem(await request(w, '/v1/systems', { token: w.mei, body }));
    expect(problem.errors).toEqual([expect.objectContaining({ path: 'name' })]);
    expect(w.spies.startLifecycle).not.toHaveBeenCalled();
  });

  it('refuse a policy pack query that is an injection string, starting nothing', async () => {
    w.spies.startLifecycle!.mockClear();
    for (const bad of [...INJECTION_STRINGS.filter((s) => !/^[a-z]+$/.test(s)), '../eu-ai-act']) {
      const res = await request(w, `/v1/systems?policyPack=${encodeURIComponent(bad)}`, {
        token: w.mei,
        body: JSON.stringify(proposal),
      });
      expect((await expectProblem(res)).errors).toEqual([expect.objectContaining({ path: 'policyPack' })]);
    }
    expect(w.spies.startLifecycle).not.toHaveBeenCalled();
  });
});

describe('raw bodies, content types and sizes', () => {
  const rawBody = fc.oneof(
    hostileString,
    codeUnitString(200),
    fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)),
    hostileObject.map((o) => JSON.stringify(o)),
    fc.constantFrom(
      '',
      '{',
      '{"vote":',
      'null',
      '[]',
      '"approve"',
      '{"vote":"approve","rationale":"x"',
      '\uFEFF{}',
      'NaN',
    ),
    fc.string({ maxLength: 30 }).map((s) => `{"vote":"approve","rationale":${s}}`),
  );

  it('are refused with a 4xx problem on every write route, and reach no governance method', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('/v1/systems', ...commandPaths.map((p) => `/v1/systems/${SYSTEM}/${p}`)),
        rawBody,
        async (path, body) => {
          const before = w.writes();
          const res = await request(w, path, { token: w.alice, body });
          await expectProblem(res);
          expect(w.writes()).toBe(before);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('refuse a valid vote sent as anything but JSON with 415, recording nothing', async () => {
    const before = { writes: w.writes(), events: w.events() };
    const vote = JSON.stringify({ vote: 'approve', rationale: 'Read it.' });
    for (const type of [
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'text/html',
      'application/jsonx',
      'application/xml',
    ]) {
      const res = await request(w, `/v1/systems/${SYSTEM}/votes`, {
        token: w.alice,
        body: vote,
        headers: { 'content-type': type },
      });
      expect((await expectProblem(res)).status).toBe(415);
    }
    expect({ writes: w.writes(), events: w.events() }).toEqual(before);
  });

  it('refuse bodies over the limit with 413, even when the content-length header lies', async () => {
    const before = w.writes();
    const huge = JSON.stringify({ ...proposal, purpose: 'x'.repeat(400_000) });
    expect((await expectProblem(await request(w, '/v1/systems', { token: w.mei, body: huge }))).status).toBe(413);
    const lying = await request(w, '/v1/systems', { token: w.mei, body: huge, headers: { 'content-length': '12' } });
    await expectProblem(lying);
    const deep = `${'['.repeat(50_000)}${']'.repeat(50_000)}`;
    await expectProblem(await request(w, `/v1/systems/${SYSTEM}/votes`, { token: w.alice, body: deep }));
    expect(w.writes()).toBe(before);
  });
});

/** Percent-encodes a path segment; a lone surrogate (which encodeURIComponent refuses) goes as its invalid UTF-8 bytes. */
const encodeSegment = (s: string): string =>
  s
    .split(/(\p{Cs})/u)
    .map((part) =>
      /^\p{Cs}$/u.test(part)
        ? `%ED%${(0xa0 | ((part.charCodeAt(0) >> 6) & 0x1f)).toString(16)}%80`
        : encodeURIComponent(part),
    )
    .join('');

describe('system ids in the path', () => {
  const slug = /^[a-z0-9][a-z0-9-]{1,62}[a-z0-9]$/;
  // `constructor` and `prototype` are well-formed ids (of systems that do not exist); every other one is malformed.
  const badIds = [
    ...INJECTION_STRINGS.filter((s) => !slug.test(s)),
    ...UNICODE_EDGES,
    'A-B-C',
    'ab',
    'x'.repeat(65),
    '-abc',
    'abc-',
    'ai-system:abc',
    'abc%00',
  ];

  it.each(['GET', 'POST'])('are refused for %s before any governance method sees them', async (method) => {
    for (const id of badIds) {
      const before = w.calls();
      const suffix = method === 'GET' ? '' : '/votes';
      const res = await request(w, `/v1/systems/${encodeSegment(id)}${suffix}`, {
        method,
        token: w.alice,
        ...(method === 'POST' ? { body: JSON.stringify({ vote: 'approve', rationale: 'r' }) } : {}),
      });
      const problem = await expectProblem(res);
      expect([400, 404]).toContain(problem.status);
      if (problem.status === 400) expect(problem.errors).toEqual([expect.objectContaining({ path: 'id' })]);
      expect(w.calls()).toBe(before);
    }
  });

  it('are refused however a random string is encoded into the path', async () => {
    await fc.assert(
      fc.asyncProperty(
        hostileString.filter((s) => s.length < 2000),
        fc.boolean(),
        async (id, raw) => {
          // Raw: as a careless client would paste it, minus the characters that end a path segment.
          const segment = raw ? id.replace(/[/?#%]/g, '') || 'x y' : encodeSegment(id);
          // What the server sees: a URL parser drops raw tabs and newlines (WHATWG URL), so "aa\ta" arrives as "aaa".
          const arrives = raw ? decodeURIComponent(new URL(`http://h/${segment}`).pathname.slice(1)) : id;
          if (slug.test(arrives)) return; // a well-formed id by chance is not bad input
          const before = w.calls();
          const res = await request(w, `/v1/systems/${segment}/recusals`, {
            token: w.alice,
            body: JSON.stringify({ conflict: 'c' }),
          });
          await expectProblem(res);
          expect(w.calls()).toBe(before);
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe('query strings', () => {
  it('on the listing either pass validation or are refused with 400 before the listing runs', async () => {
    const value = fc.oneof(
      hostileString.filter((s) => s.length < 2000),
      fc.constantFrom('in_review', 'high', 'finance', 'rahul-k', '0', '201', '1e3', '-1', '1.5'),
    );
    const key = fc.constantFrom(
      'stage',
      'tier',
      'sector',
      'owner',
      'pageSize',
      'pageToken',
      '__proto__',
      'constructor',
    );
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(key, value), { maxLength: 4 }), async (pairs) => {
        w.spies.list!.mockClear();
        const query = new URLSearchParams(pairs).toString();
        const res = await request(w, `/v1/systems?${query}`, { method: 'GET', token: w.alice });
        if (res.status === 200) return void expect(w.spies.list).toHaveBeenCalledTimes(1);
        expect((await expectProblem(res)).status).toBe(400);
        expect(w.spies.list).not.toHaveBeenCalled();
      }),
      { numRuns: 150 },
    );
  });
});

describe('tokens', () => {
  const signed = async (
    claims: Record<string, unknown>,
    opts: { sub?: string; iss?: string; exp?: number; key?: Uint8Array | CryptoKey; alg?: string } = {},
  ) =>
    signToken(
      {
        ...claims,
        ...(opts.sub !== undefined ? { sub: opts.sub } : {}),
        ...(opts.iss ? { iss: opts.iss } : {}),
        ...(opts.exp ? { exp: opts.exp } : {}),
      },
      opts.key,
      opts.alg,
    );
  const roles = ['committee_member', 'chair', 'admin'];

  it('that are forged, expired, unsigned, tampered or garbage get 401 and record nothing', async () => {
    const good = await tokenFor('alice', 'committee_member');
    const [head, payload, sig] = good.split('.') as [string, string, string];
    const tampered = Buffer.from(
      JSON.stringify({ sub: 'chair-erin', roles: ['admin'], iss: issuer, exp: 9e9 }),
    ).toString('base64url');
    const tokens = [
      await signed({ roles }, { sub: 'alice', key: (await generateKeyPair('ES256')).privateKey }),
      await signed(
        { roles },
        { sub: 'alice', alg: 'HS256', key: new TextEncoder().encode('a-shared-secret-of-32-bytes-long!') },
      ),
      await signed({ roles }, { sub: 'alice', exp: Math.floor(Date.now() / 1000) - 60 }),
      await signed({ roles }, { sub: 'alice', iss: 'someone-else' }),
      await signed({ roles }),
      await signed({ roles }, { sub: '' }),
      await signed({ roles }, { sub: 'alice', alg: 'HS512', key: new Uint8Array(64).fill(7) }),
      new UnsecuredJWT({ roles, sub: 'alice', iss: issuer }).encode(),
      `${head}.${tampered}.${sig}`,
      `${head}.${payload}.`,
      `${head}.${payload}`,
      'not-a-jwt',
      'e30.e30.e30',
      'x'.repeat(20_000),
    ];
    const before = { writes: w.writes(), events: w.events() };
    for (const token of tokens) {
      const res = await request(w, `/v1/systems/${SYSTEM}/votes`, {
        token,
        body: JSON.stringify({ vote: 'approve', rationale: 'r' }),
      });
      expect((await expectProblem(res)).code).toBe('UNAUTHENTICATED');
    }
    expect({ writes: w.writes(), events: w.events() }).toEqual(before);
  });

  it('in any hostile authorization header get 401 on every write route', async () => {
    const header = fc.oneof(
      hostileString.filter((s) => s.length < 4000),
      hostileString.filter((s) => s.length < 4000).map((s) => `Bearer ${s}`),
      fc.constantFrom(
        'Bearer',
        'Bearer ',
        'Basic YWxpY2U6cGFzcw==',
        'bearer  ',
        'Token abc',
        `Bearer ${'a.'.repeat(3)}`,
      ),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('/v1/systems', ...commandPaths.map((p) => `/v1/systems/${SYSTEM}/${p}`)),
        header,
        async (path, authorization) => {
          const before = w.writes();
          // Headers cannot carry every code unit; what fetch refuses to send never reaches the API at all.
          let res: Response;
          try {
            res = await request(w, path, { body: JSON.stringify(proposal), headers: { authorization } });
          } catch (e) {
            return void expect(e).toBeInstanceOf(TypeError);
          }
          expect((await expectProblem(res)).status).toBe(401);
          expect(w.writes()).toBe(before);
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe('votes with hostile content', () => {
  it('never give a 500, and record at most the one valid vote', async () => {
    const h = await world();
    const rationale = fc.oneof(
      hostileString.filter((s) => !/[\uD800-\uDFFF]/.test(s)),
      hostileObject,
      fc.constant(null),
    );
    const vote = fc.oneof(fc.constantFrom('approve', 'reject', 'request_changes'), hostileString);
    await fc.assert(
      fc.asyncProperty(vote, rationale, fc.option(hostileObject, { nil: undefined }), async (v, r, extra) => {
        const res = await request(h, `/v1/systems/${SYSTEM}/votes`, {
          token: h.alice,
          body: JSON.stringify({ ...extra, vote: v, rationale: r }),
        });
        if (res.status !== 200) await expectProblem(res);
      }),
      { numRuns: 150 },
    );
    const votes = h.governance.systems.get(SYSTEM)!.state.review?.votes ?? [];
    expect(votes.filter((x) => x.voter === 'alice').length).toBeLessThanOrEqual(1);
    expect(h.errors).toEqual([]);
  });

  // A lone surrogate has no UTF-8 form: sealing an event holding one would throw inside the workflow.
  it('refuse a rationale that is not well-formed Unicode with 400, recording nothing', async () => {
    const h = await world();
    const before = h.events();
    const res = await request(h, `/v1/systems/${SYSTEM}/votes`, {
      token: h.alice,
      body: '{"vote":"approve","rationale":"a\\ud800"}',
    });
    expect((await expectProblem(res)).errors).toEqual([expect.objectContaining({ path: 'rationale' })]);
    expect(h.events()).toBe(before);
  });
});
