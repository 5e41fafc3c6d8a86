import { isDeepStrictEqual } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rebuildReadSide } from '../../consumer/read-side/rebuild.ts';
import { openReadSide, type ReadSide } from '../../consumer/read-side/read-side.ts';
import { testEventKeys } from '../support/test-keys.ts';
import { testKafka } from './helpers/kafka.ts';
import { testEngines } from './helpers/read-dbs.ts';
import { dumpReadSide, startReadSide, waitForTopicEnd } from './helpers/read-side.ts';
import { openLifecycleEnv, testProposal, waitForState, type LifecycleEnv } from './lifecycle-helpers.ts';

let env: LifecycleEnv;
beforeAll(async () => {
  env = await openLifecycleEnv('read-side-rebuild');
});
afterAll(async () => {
  await env?.close();
});

/** Polls until the read side's fold of each system equals the workflow's own state (timers may still add events). */
async function agrees(readSide: ReadSide, ids: string[]): Promise<void> {
  for (const id of ids) {
    const deadline = Date.now() + 30_000;
    let actual = await env.gov.getState(id);
    while (!isDeepStrictEqual(await readSide.state(id), actual) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 250));
      actual = await env.gov.getState(id);
    }
    expect(await readSide.state(id)).toEqual(actual);
  }
}

describe.each(testEngines)('the read side on $name', (engine) => {
  it('agrees with every workflow, and a rebuild from the topic (fresh, or in place while live) equals the live one', async () => {
    const live = await startReadSide(env.topic, { db: await (await engine.fresh()).open() });
    const vote = (id: string, actor: string, v: 'approve' | 'reject') =>
      env.gov.castVote(id, { actor, vote: v, rationale: `${actor}: ${v}` });
    const opened = (id: string) => waitForState(env.gov, id, (s) => s.review?.round === 1);
    const prefix = engine.name === 'SQLite' ? 'rs-lite' : 'rs-pg';
    const deployed = testProposal('minimal', `${prefix}-min`);
    const inReview = testProposal('limited', `${prefix}-lim`);
    const rejected = testProposal('prohibited', `${prefix}-pro`);
    const approved = testProposal('high', `${prefix}-high`);
    for (const p of [deployed, inReview, rejected, approved]) await env.gov.startLifecycle(p, { actor: 'pat' });
    await opened(deployed.systemId);
    await vote(deployed.systemId, 'alice', 'approve');
    await env.gov.recordDeployment(deployed.systemId, { actor: 'olga', environment: 'prod', version: '1.0.0' });
    await opened(inReview.systemId);
    await opened(approved.systemId);
    for (const m of ['alice', 'bob', 'carol']) await vote(approved.systemId, m, 'approve');
    await waitForState(env.gov, rejected.systemId, (s) => s.stage === 'rejected');
    await waitForState(env.gov, approved.systemId, (s) => s.stage === 'approved');
    const ids = [deployed, inReview, rejected, approved].map((p) => p.systemId);
    await agrees(live.readSide, ids);

    const page = await live.readSide.list({ kind: 'all' }, { pageSize: 200 });
    const item = (id: string) => page.items.find((i) => i.systemId === id);
    expect(item(deployed.systemId)).toMatchObject({ stage: 'deployed', tier: 'minimal', owner: 'olga', status: 'RUNNING' });
    expect(item(rejected.systemId)).toMatchObject({ stage: 'rejected', tier: 'prohibited', status: 'COMPLETED' });
    const waiting = await live.readSide.pending({ kind: 'all' }, 'bob', { pageSize: 200 });
    expect(waiting.items.map((p) => p.systemId)).toContain(inReview.systemId);

    // No worker, no new events: the topic stands still while the two are compared.
    await env.stopWorker();
    await waitForTopicEnd(live.readSide.db, env.topic);
    const snapshot = await dumpReadSide(live.readSide.db);
    const target = await (await engine.fresh()).open();
    const progress: number[] = [];
    const rebuilt = await rebuildReadSide({
      db: (await openReadSide(target)).db,
      kafka: testKafka,
      topic: env.topic,
      trustedKeys: testEventKeys.trusted,
      every: 10,
      onProgress: (p) => void progress.push(p.done),
    });
    expect(rebuilt.done).toBe(rebuilt.total);
    expect(progress.at(-1)).toBe(rebuilt.total);
    expect(await dumpReadSide(target)).toEqual(snapshot);

    await rebuildReadSide({ db: live.readSide.db, kafka: testKafka, topic: env.topic, trustedKeys: testEventKeys.trusted });
    await waitForTopicEnd(live.readSide.db, env.topic);
    expect(await dumpReadSide(live.readSide.db)).toEqual(snapshot);
    await live.close();
    await target.close();
    await env.startWorker();
  });
});
