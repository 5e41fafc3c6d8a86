import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createFanOut } from '../../adapters/event-feed.ts';
import { apiHarness, body, exampleProposal, tokenFor } from './support/api-harness.ts';

function builtConsole(): string {
  const dir = mkdtempSync(join(tmpdir(), 'govflow-console-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>console</title>');
  writeFileSync(join(dir, 'assets', 'main-ABC123.js'), 'export {};');
  writeFileSync(join(dir, 'build.json'), '{}');
  return dir;
}

const site = (dir: string) => ({ dir, issuer: 'http://127.0.0.1:8090', clientId: 'govflow-console', resource: 'urn:govflow:api' });

describe('the console site', () => {
  it('serves the page with a CSP that allows no inline script and no framing', async () => {
    const { app } = await apiHarness({ console: site(builtConsole()) });
    const res = await app.request('/console/');
    expect(res.status).toBe(200);
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toContain("script-src 'self';");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("connect-src 'self' http://127.0.0.1:8090");
    expect(csp).not.toMatch(/unsafe-(inline|eval)/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect((await app.request('/console')).headers.get('location')).toBe('/console/');
  });

  it('tells the console where to sign in, without a token', async () => {
    const { app } = await apiHarness({ console: site(builtConsole()) });
    expect(await body(await app.request('/console/config.json'))).toEqual({
      issuer: 'http://127.0.0.1:8090',
      clientId: 'govflow-console',
      resource: 'urn:govflow:api',
    });
  });

  it('serves only the build\'s assets, by name, with their type', async () => {
    const { app } = await apiHarness({ console: site(builtConsole()) });
    const js = await app.request('/console/assets/main-ABC123.js');
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toContain('text/javascript');
    for (const path of ['/console/assets/..%2Fbuild.json', '/console/assets/build.json', '/console/assets/nothing.js'])
      expect((await app.request(path)).status, path).toBe(404);
  });

  it('says how to build it when it is not built', async () => {
    const { app } = await apiHarness({ console: site(mkdtempSync(join(tmpdir(), 'govflow-empty-'))) });
    const res = await app.request('/console/');
    expect(res.status).toBe(503);
    expect(await res.text()).toContain('build-console');
  });
});

/** Reads server-sent events from a response until `count` `system` events arrived. */
async function systemEvents(res: Response, count: number): Promise<unknown[]> {
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  const found: unknown[] = [];
  let text = '';
  while (found.length < count) {
    const { value, done } = await reader.read();
    if (done) break;
    text += value;
    for (const m of text.matchAll(/event: system\ndata: (.*)\n/g)) if (!found.includes(m[1])) found.push(m[1]);
  }
  await reader.cancel();
  return found.map((f) => JSON.parse(f as string));
}

describe('GET /v1/stream', () => {
  it('sends each caller the notices of the systems they may read, and nothing of the others', async () => {
    const feed = createFanOut();
    const { app, as, catchUp } = await apiHarness({ feed });
    const proposal = exampleProposal('credit-scoring');
    expect((await as(await tokenFor('mei-lin', 'proposer')).post('/v1/systems', proposal)).status).toBe(201);
    // The stream judges each notice on the read side's state, which the consumer folds from the topic.
    await catchUp();
    const stranger = await app.request('/v1/stream', { headers: { authorization: `Bearer ${await tokenFor('sam-lee', 'proposer')}` } });
    const owner = await app.request('/v1/stream', { headers: { authorization: `Bearer ${await tokenFor('mei-lin', 'proposer')}` } });
    expect(owner.headers.get('content-type')).toContain('text/event-stream');
    await new Promise((r) => setTimeout(r, 50));
    feed.emit({ systemId: 'retail-credit-scoring', sequence: 1, type: 'ai.governance.system.proposed.v1' });
    feed.emit({ systemId: 'someone-elses', sequence: 1, type: 'ai.governance.system.proposed.v1' });
    feed.emit({ systemId: 'retail-credit-scoring', sequence: 2, type: 'ai.governance.risk.assessed.v1' });
    expect(await systemEvents(owner, 2)).toEqual([
      { systemId: 'retail-credit-scoring', sequence: 1, type: 'ai.governance.system.proposed.v1' },
      { systemId: 'retail-credit-scoring', sequence: 2, type: 'ai.governance.risk.assessed.v1' },
    ]);
    feed.emit({ systemId: 'retail-credit-scoring', sequence: 3, type: 'ai.governance.review.opened.v1' });
    const strangerText = await Promise.race([stranger.text(), new Promise<string>((r) => setTimeout(() => r('timeout'), 300))]);
    expect(strangerText === 'timeout' || !strangerText.includes('event: system')).toBe(true);
  });

  it('refuses a caller without a token', async () => {
    const { app } = await apiHarness({ feed: createFanOut() });
    expect((await app.request('/v1/stream')).status).toBe(401);
  });
});
