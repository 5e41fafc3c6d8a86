import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyChain } from '../../events/chain.ts';
import { readTopic } from './helpers/kafka.ts';
import { openLifecycleEnv, recordHistory, shortTypes, systemEvents, testProposal, waitForState } from './lifecycle-helpers.ts';
import type { LifecycleEnv } from './lifecycle-helpers.ts';
import { testEventKeys } from '../support/test-keys.ts';

let env: LifecycleEnv;
beforeAll(async () => {
  env = await openLifecycleEnv('restart');
});
afterAll(async () => {
  await env?.close();
});

describe('a worker stopped mid-review', () => {
  it('lets the review complete after a restart, with no event lost or duplicated', async () => {
    const p = testProposal('high');
    await env.gov.startLifecycle(p, { actor: 'pat' });
    await waitForState(env.gov, p.systemId, (s) => s.review !== null);
    await env.gov.castVote(p.systemId, { actor: 'alice', vote: 'approve', rationale: 'Sound evidence.' });
    await env.stopWorker();
    // Sent while no worker polls: the update waits for one.
    const pending = env.gov.castVote(p.systemId, { actor: 'bob', vote: 'approve', rationale: 'Agree.' });
    await new Promise((r) => setTimeout(r, 1_500));
    await env.startWorker();
    expect((await pending).events).toEqual(['review.vote_cast']);
    const last = await env.gov.castVote(p.systemId, { actor: 'carol', vote: 'approve', rationale: 'Agree.' });
    expect(last.stage).toBe('approved');

    const events = await systemEvents(env.topic, p.systemId, 7);
    expect(shortTypes(events)).toEqual([
      'system.proposed', 'risk.assessed', 'review.opened', 'review.vote_cast', 'review.vote_cast', 'review.vote_cast', 'system.approved',
    ]);
    const raw = (await readTopic(env.topic, (ms) => ms.filter((m) => m.key === p.systemId).length >= 7))
      .filter((m) => m.key === p.systemId)
      .map((m) => JSON.parse(m.value) as Parameters<typeof verifyChain>[0][number]);
    const verdict = verifyChain(raw, { keys: testEventKeys.trusted, heads: { [p.systemId]: { sequence: 7, hash: last.sequence === 7 ? events[6]!.hash : '' } } });
    expect(verdict.problems).toEqual([]);
    await recordHistory(env.client, p.systemId, 'worker-restart');
  });
});
