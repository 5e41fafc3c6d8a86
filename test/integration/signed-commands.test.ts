import { WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCommandSigner } from '../../client/command-signer.ts';
import { readCommandProof } from '../../events/command-proof.ts';
import { castVoteUpdate, workflowIdOf } from '../../workflows/messages.ts';
import { forgerKeys, testCommandKeys } from '../support/test-keys.ts';
import {
  acceptedUpdates,
  openLifecycleEnv,
  recordHistory,
  systemEvents,
  testProposal,
  waitForState,
  type LifecycleEnv,
} from './lifecycle-helpers.ts';

let env: LifecycleEnv;
beforeAll(async () => {
  env = await openLifecycleEnv('signed-commands');
});
afterAll(async () => {
  await env?.close();
});

/** Sends a vote straight to the Temporal frontend, as anyone who can reach it could; returns the refusal's type. */
async function direct(systemId: string, input: object, proof?: string): Promise<string> {
  const handle = env.client.workflow.getHandle(workflowIdOf(systemId));
  try {
    await handle.executeUpdate(castVoteUpdate, { args: proof ? [input as never, proof] : [input as never] });
    return 'accepted';
  } catch (e) {
    const cause = e instanceof WorkflowUpdateFailedError ? e.cause : e;
    if (cause instanceof ApplicationFailure) return `${cause.type}: ${cause.message}`;
    throw e;
  }
}

describe('signed decisions on the real server', () => {
  it('refuses unsigned, forged, misdirected and replayed votes before history, and records who decided through which edge', async () => {
    const p = testProposal('high', 'signed');
    const id = p.systemId;
    await env.gov.startLifecycle(p, { actor: 'pat' });
    await waitForState(env.gov, id, (s) => s.review?.round === 1);
    const carol = { actor: 'carol', vote: 'approve', rationale: 'I did not say this.' };

    expect(await direct(id, carol)).toMatch(/^UNAUTHENTICATED: .*not signed by the API/);
    const forged = await createCommandSigner(forgerKeys.signer).sign({
      cmd: 'castVote',
      sys: id,
      sub: 'carol',
      input: carol,
    });
    expect(await direct(id, carol, forged)).toMatch(/^UNAUTHENTICATED: .*does not trust/);
    const edge = createCommandSigner(testCommandKeys.signer);
    const forBob = await edge.sign({ cmd: 'castVote', sys: id, sub: 'bob', input: { ...carol, actor: 'bob' } });
    expect(await direct(id, carol, forBob)).toMatch(/^UNAUTHENTICATED: .*another sub/);

    // A genuine signed vote is accepted once; the same proof sent again is a replay.
    const alice = { actor: 'alice', vote: 'approve', rationale: 'Evidence is complete.' };
    const proof = await edge.sign({ cmd: 'castVote', sys: id, sub: 'alice', input: alice });
    expect(await direct(id, alice, proof)).toBe('accepted');
    expect(await direct(id, alice, proof)).toMatch(/^UNAUTHENTICATED: .*replay/);
    await env.gov.castVote(id, { actor: 'bob', vote: 'approve', rationale: 'Agreed.' });

    expect((await acceptedUpdates(env.client, id)).map((u) => u.actor)).toEqual(['alice', 'bob']);
    const state = await env.gov.getState(id);
    expect(state.review?.votes.map((v) => v.voter)).toEqual(['alice', 'bob']);

    // The signed command travels into the event: who decided, which edge key vouched for them, and when.
    const events = await systemEvents(env.topic, id, state.sequence);
    const votes = events.filter((e) => e.type === 'ai.governance.review.vote_cast.v1');
    expect(votes.map((e) => readCommandProof(e.commandjws!))).toEqual([
      expect.objectContaining({ sub: 'alice', cmd: 'castVote', sys: id, kid: testCommandKeys.signer.kid }),
      expect.objectContaining({ sub: 'bob', cmd: 'castVote', sys: id, kid: testCommandKeys.signer.kid }),
    ]);
    expect(votes[0]!.commandjws).toBe(proof);
  });

  it('runs a whole signed lifecycle to deployment (recorded for the replay corpus)', async () => {
    const p = testProposal('minimal', 'signed-deployed');
    await env.gov.startLifecycle(p, { actor: 'pat' });
    await waitForState(env.gov, p.systemId, (s) => s.review?.round === 1);
    await env.gov.castVote(p.systemId, { actor: 'alice', vote: 'approve', rationale: 'Low risk.' });
    await env.gov.recordDeployment(p.systemId, {
      actor: 'olga',
      environment: 'prod',
      version: '1.0.0',
      deployer: 'olga',
    });
    await env.gov.retire(p.systemId, { actor: 'olga', reason: 'Replaced.' });
    await env.client.workflow.getHandle(workflowIdOf(p.systemId)).result();
    const events = await systemEvents(env.topic, p.systemId, 7);
    // The start is signed too: system.proposed carries the edge's proof of the proposal.
    expect(events.filter((e) => e.commandjws).map((e) => readCommandProof(e.commandjws!)?.cmd)).toEqual([
      'propose',
      'castVote',
      'castVote',
      'recordDeployment',
      'retire',
    ]);
    await recordHistory(env.client, p.systemId, 'signed-commands-retired');
  });
});
