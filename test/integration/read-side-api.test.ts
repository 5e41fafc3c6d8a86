import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgresReadDb } from '../../adapters/read-db/postgres.ts';
import { createApp } from '../../api/app.ts';
import type { ReadSide } from '../../consumer/read-side/read-side.ts';
import { readSystemEvents } from '../../client/audit.ts';
import { testEventKeys } from '../support/test-keys.ts';
import { issuerAuthenticator, tokenFor } from './helpers/issuer.ts';
import { testKafka } from './helpers/kafka.ts';
import { freshPostgresUrl, testEngines } from './helpers/read-dbs.ts';
import { startReadSide, type RunningReadSide } from './helpers/read-side.ts';
import { openLifecycleEnv, testProposal, waitForState, type LifecycleEnv } from './lifecycle-helpers.ts';

let env: LifecycleEnv;
const running: RunningReadSide[] = [];
beforeAll(async () => {
  env = await openLifecycleEnv('read-side-api');
});
afterAll(async () => {
  await Promise.all(running.map((r) => r.close()));
  await env?.close();
});

/** The real app over a read side, as the API process builds it. */
function appOver(readSide: ReadSide, readWaitMs = 5000) {
  const app = createApp({
    governance: env.gov,
    readSide,
    readWaitMs,
    history: (systemId) => readSystemEvents({ kafka: testKafka, topic: env.topic, systemId }),
    eventKeys: testEventKeys,
    attestations: { signer: testEventKeys.signer, trusted: testEventKeys.trusted },
    auth: issuerAuthenticator(),
    readiness: async () => ({ temporal: true, kafka: true }),
  });
  return (account: string) => {
    const headers = async () => ({ authorization: `Bearer ${await tokenFor(account)}`, 'content-type': 'application/json' });
    return {
      get: async (path: string) => app.request(path, { headers: await headers() }),
      post: async (path: string, body: unknown) =>
        app.request(path, { method: 'POST', headers: await headers(), body: JSON.stringify(body) }),
    };
  };
}
const json = async (res: Response) => (await res.json()) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const ids = (page: Record<string, any>) => (page.items as { systemId: string }[]).map((i) => i.systemId); // eslint-disable-line @typescript-eslint/no-explicit-any

/** A high-tier system (committee alice, bob, carol, ...) with its first round open. */
async function inReview(prefix: string): Promise<{ id: string; sequence: number }> {
  const p = testProposal('high', prefix);
  await env.gov.startLifecycle(p, { actor: 'pat' });
  const s = await waitForState(env.gov, p.systemId, (x) => x.review?.round === 1);
  return { id: p.systemId, sequence: s.sequence };
}

describe.each(testEngines)('reads from the read side on $name', (engine) => {
  it('show a vote at once to the voter who sends minSequence from the receipt (read your writes)', async () => {
    const read = await startReadSide(env.topic, { db: await (await engine.fresh()).open() });
    running.push(read);
    const as = appOver(read.readSide);
    const sys = await inReview(`ryw-${engine.name.toLowerCase()}`);
    const alice = as('alice');
    const before = await json(await alice.get(`/v1/reviews/pending?minSequence=${sys.id}:${sys.sequence}`));
    expect(ids(before)).toContain(sys.id);

    const receipt = await json(await alice.post(`/v1/systems/${sys.id}/votes`, { vote: 'approve', rationale: 'Sound.' }));
    expect(receipt.sequence).toBeGreaterThan(sys.sequence);
    const after = await alice.get(`/v1/reviews/pending?minSequence=${sys.id}:${receipt.sequence}`);
    expect(after.status).toBe(200);
    expect(ids(await json(after))).not.toContain(sys.id);
    const trail = await json(await alice.get(`/v1/systems/${sys.id}/events?minSequence=${receipt.sequence}`));
    const vote = (trail.events as { type: string; sequence: number; data: { voter?: string } }[]).find((e) => e.sequence === receipt.sequence);
    expect(vote).toMatchObject({ type: 'ai.governance.review.vote_cast.v1', data: { voter: 'alice' } });
    const listed = await json(await as('ann').get(`/v1/systems?q=${encodeURIComponent(sys.id)}&minSequence=${sys.id}:${receipt.sequence}`));
    expect(listed.items).toEqual([expect.objectContaining({ systemId: sys.id, sequence: receipt.sequence, stage: 'in_review' })]);

    // A sequence the system has not reached: a clear 503 after the bounded wait, never a stale page.
    const impatient = appOver(read.readSide, 300);
    const behind = await impatient('alice').get(`/v1/reviews/pending?minSequence=${sys.id}:${receipt.sequence + 1000}`);
    expect(behind.status).toBe(503);
    expect(await json(behind)).toMatchObject({ code: 'READ_SIDE_BEHIND', detail: expect.stringContaining(`${sys.id} up to sequence`) });
  });
});

describe('two API instances on one PostgreSQL', () => {
  it('fold their shares of the topic into one read side and serve the same inbox', async () => {
    const url = await freshPostgresUrl();
    const [a, b] = await Promise.all([
      startReadSide(env.topic, { db: await openPostgresReadDb(url) }),
      startReadSide(env.topic, { db: await openPostgresReadDb(url) }),
    ]);
    running.push(a, b);
    const [asA, asB] = [appOver(a.readSide), appOver(b.readSide)];
    const systems = await Promise.all(['two-a', 'two-b', 'two-c', 'two-d'].map((p) => inReview(p)));
    const voted = systems[0]!;
    const receipt = await json(await asA('alice').post(`/v1/systems/${voted.id}/votes`, { vote: 'approve', rationale: 'Sound.' }));
    // Each system's round is open on the read side, whichever instance folded its partition.
    for (const s of systems) expect(await b.readSide.waitFor(s.id, s.sequence, 30_000)).toBe(true);
    const inbox = `/v1/reviews/pending?minSequence=${voted.id}:${receipt.sequence}`;
    for (const member of ['alice', 'bob', 'carol']) {
      const viaA = await json(await asA(member).get(inbox));
      const viaB = await json(await asB(member).get(inbox));
      const mine = (page: Record<string, any>) => ids(page).filter((id) => systems.some((s) => s.id === id)); // eslint-disable-line @typescript-eslint/no-explicit-any
      expect(mine(viaB)).toEqual(mine(viaA));
      expect(mine(viaA)).toHaveLength(member === 'alice' ? 3 : 4);
    }
    // Both instances joined one consumer group: between them each record was applied once.
    const folded = a.consumer.stats().folded + b.consumer.stats().folded;
    const rows = (await a.readSide.db.one<{ n: number }>('SELECT count(*) AS n FROM read_events'))!.n;
    expect(folded + a.consumer.stats().unknown + b.consumer.stats().unknown).toBe(rows);
  });
});
