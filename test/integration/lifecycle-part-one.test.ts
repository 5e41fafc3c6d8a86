import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyChain } from '../../events/chain.ts';
import { openLifecycleEnv, shortTypes, systemEvents, testProposal, waitForState } from './lifecycle-helpers.ts';
import type { LifecycleEnv } from './lifecycle-helpers.ts';

let env: LifecycleEnv;
beforeAll(async () => {
  env = await openLifecycleEnv('part-one');
});
afterAll(async () => {
  await env?.close();
});

describe('the lifecycle workflow, part one', () => {
  it('takes a minimal-tier system from proposal to deployment and publishes each event once, in order', async () => {
    const p = testProposal('minimal');
    await env.gov.startLifecycle(p, { actor: 'pat' });
    await waitForState(env.gov, p.systemId, (s) => s.stage === 'in_review');
    const receipt = await env.gov.castVote(p.systemId, { actor: 'alice', vote: 'approve', rationale: 'Low risk, full evidence.' });
    expect(receipt.events).toEqual(['review.vote_cast', 'system.approved']);
    await env.gov.recordDeployment(p.systemId, { actor: 'olga', environment: 'prod', version: '1.0.0', deployer: 'olga' });
    const events = await systemEvents(env.topic, p.systemId, 6);
    expect(shortTypes(events)).toEqual(['system.proposed', 'risk.assessed', 'review.opened', 'review.vote_cast', 'system.approved', 'system.deployed']);
    expect(verifyChain(events).ok).toBe(true);
  });
});
