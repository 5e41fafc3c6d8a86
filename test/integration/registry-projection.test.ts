import { isDeepStrictEqual } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRegistryConsumer } from '../../consumer/registry-consumer.ts';
import { openRegistryProjection, type RegistryProjection } from '../../consumer/registry-projection.ts';
import type { GovernanceConsumer } from '../../consumer/governance-consumer.ts';
import type { ChainProblem } from '../../events/chain.ts';
import { testKafka } from './helpers/kafka.ts';
import { uniqueName } from './helpers/temporal.ts';
import { openLifecycleEnv, testProposal, waitForState, type LifecycleEnv } from './lifecycle-helpers.ts';
import { testEventKeys } from '../support/test-keys.ts';

let env: LifecycleEnv;
const consumers: GovernanceConsumer[] = [];
const projections: RegistryProjection[] = [];
const problems: ChainProblem[] = [];

beforeAll(async () => {
  env = await openLifecycleEnv('projection');
});
afterAll(async () => {
  await Promise.all(consumers.map((c) => c.stop()));
  for (const p of projections) p.close();
  await env?.close();
});

async function startProjection(): Promise<RegistryProjection> {
  const projection = openRegistryProjection(':memory:');
  const consumer = createRegistryConsumer({
    kafka: testKafka,
    groupId: uniqueName('govflow-test-registry'),
    topic: env.topic,
    projection,
    trustedKeys: testEventKeys.trusted,
    onChainProblem: (p) => void problems.push(p),
  });
  projections.push(projection);
  consumers.push(consumer);
  await consumer.start();
  return projection;
}

describe('the registry projection on the real stack', () => {
  it('agrees with every workflow getState, live and when rebuilt from the start of the topic', async () => {
    const live = await startProjection();
    const vote = (id: string, actor: string, v: 'approve' | 'reject') =>
      env.gov.castVote(id, { actor, vote: v, rationale: `${actor}: ${v}` });
    const opened = (id: string) => waitForState(env.gov, id, (s) => s.review?.round === 1);

    const deployed = testProposal('minimal');
    const inReview = testProposal('limited');
    const rejected = testProposal('prohibited');
    const conditional = testProposal('high');
    for (const p of [deployed, inReview, rejected, conditional]) await env.gov.startLifecycle(p, { actor: 'pat' });
    await opened(deployed.systemId);
    await vote(deployed.systemId, 'alice', 'approve');
    await env.gov.recordDeployment(deployed.systemId, {
      actor: 'olga',
      environment: 'prod',
      version: '1.0.0',
    });
    await opened(inReview.systemId);
    await vote(inReview.systemId, 'alice', 'approve');
    await opened(conditional.systemId);
    for (const m of ['alice', 'bob', 'carol']) await vote(conditional.systemId, m, 'approve');
    await waitForState(env.gov, rejected.systemId, (s) => s.stage === 'rejected');
    await waitForState(env.gov, conditional.systemId, (s) => s.stage === 'approved');

    const ids = [deployed, inReview, rejected, conditional].map((p) => p.systemId);
    // The workflows may still emit timer events (reminders); poll until the projection has caught up with each.
    const agrees = async (projection: RegistryProjection) => {
      for (const id of ids) {
        const deadline = Date.now() + 30_000;
        let actual = await env.gov.getState(id);
        while (!isDeepStrictEqual(projection.state(id), actual) && Date.now() < deadline) {
          await new Promise((r) => setTimeout(r, 250));
          actual = await env.gov.getState(id);
        }
        expect(projection.state(id)).toEqual(actual);
      }
    };
    await agrees(live);
    expect(live.entry(deployed.systemId)).toMatchObject({ stage: 'deployed', tier: 'minimal', owner: 'olga' });
    expect(live.entry(rejected.systemId)).toMatchObject({ stage: 'rejected', tier: 'prohibited' });
    expect(live.entry(conditional.systemId)?.openConditions.length).toBeGreaterThan(0);
    expect(live.entry(conditional.systemId)?.nextReReviewAt).toMatch(/^\d{4}-/);

    const rebuilt = await startProjection();
    await agrees(rebuilt);
    expect(rebuilt.list()).toEqual(live.list());
    expect(problems).toEqual([]);
  });
});
