import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { loadPackInForce } from '../../adapters/policy-files.ts';
import { createGovernanceClient } from '../../client/governance-client.ts';
import { DomainError } from '../../domain/errors.ts';
import { verifyChain } from '../../events/chain.ts';
import { acceptedUpdates, openLifecycleEnv, recordHistory, shortTypes, systemEvents, testProposal, waitForState } from './lifecycle-helpers.ts';
import type { LifecycleEnv } from './lifecycle-helpers.ts';
import { testEventKeys } from '../support/test-keys.ts';

const policyDir = fileURLToPath(new URL('../../policies/', import.meta.url));

let env: LifecycleEnv;
beforeAll(async () => {
  env = await openLifecycleEnv('part-one');
});
afterAll(async () => {
  await env?.close();
});

const refusal = async (p: Promise<unknown>): Promise<{ code: string; message: string }> => {
  try {
    await p;
  } catch (e) {
    if (e instanceof DomainError) return { code: e.code, message: e.message };
    throw e;
  }
  throw new Error('expected a refusal');
};
const vote = (systemId: string, actor: string, v: 'approve' | 'reject' | 'request_changes') =>
  env.gov.castVote(systemId, { actor, vote: v, rationale: `${actor}: ${v}` });
const opened = (systemId: string, round = 1) => waitForState(env.gov, systemId, (s) => s.review?.round === round);

// Concurrent: each test has its own system, and the deadline test spends most of its time waiting.
describe.concurrent('the lifecycle workflow, part one', () => {
  it('takes a minimal-tier system from proposal to deployment and publishes each event once, in order', async () => {
    const p = testProposal('minimal');
    await env.gov.startLifecycle(p, { actor: 'pat' });
    await opened(p.systemId);
    const receipt = await vote(p.systemId, 'alice', 'approve');
    expect(receipt.events).toEqual(['review.vote_cast', 'system.approved']);
    await env.gov.recordDeployment(p.systemId, { actor: 'olga', environment: 'prod', version: '1.0.0' });
    const events = await systemEvents(env.topic, p.systemId, 6);
    expect(shortTypes(events)).toEqual(['system.proposed', 'risk.assessed', 'review.opened', 'review.vote_cast', 'system.approved', 'system.deployed']);
    expect(verifyChain(events, { keys: testEventKeys.trusted }).ok).toBe(true);
    await recordHistory(env.client, p.systemId, 'minimal-deployed');
  });

  it('approves a limited-tier system on two approvals and lists it by its search attributes', async ({ expect }) => {
    const p = testProposal('limited');
    await env.gov.startLifecycle(p, { actor: 'pat' });
    await opened(p.systemId);
    await vote(p.systemId, 'alice', 'approve');
    const receipt = await vote(p.systemId, 'bob', 'approve');
    expect(receipt.stage).toBe('approved');
    const events = await systemEvents(env.topic, p.systemId, 6);
    expect(shortTypes(events)).toEqual(['system.proposed', 'risk.assessed', 'review.opened', 'review.vote_cast', 'review.vote_cast', 'system.approved']);
    expect(events[1]?.data).toMatchObject({ assessment: { tier: 'limited' } });
    await expect.poll(async () => (await env.gov.list({ stage: 'approved', tier: 'limited', owner: 'olga', pageSize: 1000 })).systems.map((s) => s.systemId), { timeout: 10_000 }).toContain(p.systemId);
  });

  it('refuses deployment of a high-tier system until the conditions due before deployment are met', async () => {
    const p = testProposal('high');
    await env.gov.startLifecycle(p, { actor: 'pat' });
    await opened(p.systemId);
    for (const m of ['alice', 'bob', 'carol']) await vote(p.systemId, m, 'approve');
    const deploy = () => env.gov.recordDeployment(p.systemId, { actor: 'olga', environment: 'prod', version: '1.0.0' });
    expect(await refusal(deploy())).toMatchObject({ code: 'CONDITIONS_OPEN', message: expect.stringContaining('bias-audit') });
    await env.gov.satisfyCondition(p.systemId, { actor: 'olga', conditionId: 'bias-audit', evidence: 'Audit report 42.' });
    expect((await deploy()).stage).toBe('deployed');
    const events = await systemEvents(env.topic, p.systemId, 9);
    expect(shortTypes(events)).toEqual([
      'system.proposed', 'risk.assessed', 'review.opened', 'review.vote_cast', 'review.vote_cast', 'review.vote_cast',
      'system.approved', 'condition.satisfied', 'system.deployed',
    ]);
    expect((await acceptedUpdates(env.client, p.systemId)).map((u) => u.name)).toEqual(['castVote', 'castVote', 'castVote', 'satisfyCondition', 'recordDeployment']);
    await recordHistory(env.client, p.systemId, 'high-conditions-deployed');
  });

  it('rejects on a reject majority and ends the workflow', async () => {
    const p = testProposal('limited');
    await env.gov.startLifecycle(p, { actor: 'pat' });
    await opened(p.systemId);
    await vote(p.systemId, 'alice', 'reject');
    await vote(p.systemId, 'bob', 'reject');
    const result = await env.client.workflow.getHandle(`ai-system:${p.systemId}`).result();
    expect(result).toMatchObject({ stage: 'rejected', sequence: 6 });
    expect(await refusal(vote(p.systemId, 'carol', 'approve'))).toMatchObject({ code: 'WRONG_STAGE' });
    await recordHistory(env.client, p.systemId, 'rejected');
  });

  it('goes from changes requested through an amendment back to review and approval', async () => {
    const p = testProposal('limited');
    await env.gov.startLifecycle(p, { actor: 'pat' });
    await opened(p.systemId);
    for (const m of ['alice', 'bob', 'carol']) await vote(p.systemId, m, 'request_changes');
    expect((await env.gov.getState(p.systemId)).stage).toBe('changes_requested');
    await env.gov.amendProposal(p.systemId, { actor: 'pat', changes: { purpose: 'Integration test system, with bias audit.' } });
    await opened(p.systemId, 2);
    await vote(p.systemId, 'alice', 'approve');
    await vote(p.systemId, 'dave', 'approve');
    const events = await systemEvents(env.topic, p.systemId, 13);
    // Reminders may interleave when the machine is slow; the decisions must not.
    const decisions = shortTypes(events).filter((t) => t !== 'review.reminder_sent' && t !== 'review.escalated');
    expect(decisions.slice(6)).toEqual([
      'review.changes_requested', 'system.amended', 'risk.assessed', 'review.opened', 'review.vote_cast', 'review.vote_cast', 'system.approved',
    ]);
    await recordHistory(env.client, p.systemId, 'changes-amended-approved');
  });

  it('starts no workflow when the configured pack is missing, or is a testing pack in production', async ({ expect }) => {
    const p = testProposal('minimal', 'unknown-pack');
    const configured = (pack: string, allowTesting: boolean) =>
      createGovernanceClient({
        client: env.client, taskQueue: env.taskQueue, defaultPolicyPack: pack,
        checkPolicyPack: (name) => loadPackInForce(policyDir, name, allowTesting),
      });
    const missing = await refusal(configured('no-such-pack', true).startLifecycle(p, { actor: 'pat' }));
    expect(missing.code).toBe('INVALID_POLICY');
    expect(missing.message).toContain('no-such-pack');
    const production = await refusal(configured('test', false).startLifecycle(p, { actor: 'pat' }));
    expect(production.code).toBe('INVALID_POLICY');
    expect(production.message).toContain('GOVFLOW_ENV');
    expect((await refusal(env.gov.getState(p.systemId))).code).toBe('NOT_FOUND');
  });

  it('rejects a prohibited use at once, without a review', async () => {
    const p = testProposal('prohibited');
    await env.gov.startLifecycle(p, { actor: 'pat' });
    const result = await env.client.workflow.getHandle(`ai-system:${p.systemId}`).result();
    expect(result.stage).toBe('rejected');
    const events = await systemEvents(env.topic, p.systemId, 3);
    expect(shortTypes(events)).toEqual(['system.proposed', 'risk.assessed', 'system.rejected']);
    expect(events[2]?.data).toMatchObject({ reason: 'prohibited_use', prohibitedUses: ['social-scoring'] });
    await recordHistory(env.client, p.systemId, 'prohibited');
  });

  it('refuses every bad update with its reason and leaves none of them in history', async () => {
    const p = testProposal('high');
    await env.gov.startLifecycle(p, { actor: 'pat' });
    await opened(p.systemId);
    await vote(p.systemId, 'alice', 'approve');
    await env.gov.recuse(p.systemId, { actor: 'dave', conflict: 'Advised the team last year.' });
    const cases: [() => Promise<unknown>, string][] = [
      [() => vote(p.systemId, 'olga', 'approve'), 'OWN_SYSTEM'],
      [() => vote(p.systemId, 'mallory', 'approve'), 'NOT_FOUND'], // no part in the system: as if it did not exist
      [() => vote(p.systemId, 'adviser-frank', 'approve'), 'FORBIDDEN'],
      [() => vote(p.systemId, 'alice', 'reject'), 'ALREADY_VOTED'],
      [() => vote(p.systemId, 'dave', 'approve'), 'RECUSED'],
      [() => env.gov.castVote(p.systemId, { actor: 'bob', vote: 'approve', rationale: '' }), 'INVALID_INPUT'],
      [() => env.gov.recordDeployment(p.systemId, { actor: 'olga', environment: 'prod', version: '1.0.0' }), 'WRONG_STAGE'],
      [() => env.gov.amendProposal(p.systemId, { actor: 'pat', changes: { name: 'Renamed' } }), 'WRONG_STAGE'],
      [() => env.gov.retire(p.systemId, { actor: 'alice', reason: 'No reason.' }), 'FORBIDDEN'],
      [() => env.gov.startLifecycle(p, { actor: 'pat' }), 'CONFLICT'],
      [() => env.gov.getState('no-such-system-here'), 'NOT_FOUND'],
    ];
    for (const [attempt, code] of cases) {
      const r = await refusal(attempt());
      expect(r.code).toBe(code);
      expect(r.message.length).toBeGreaterThan(10);
    }
    expect(await acceptedUpdates(env.client, p.systemId)).toEqual([
      { name: 'castVote', actor: 'alice' },
      { name: 'recuse', actor: 'dave' },
    ]);
    expect((await env.gov.getState(p.systemId)).sequence).toBe(5);
  });

  it('sends a reminder and escalates to the chair when the deadline passes, and decides nothing', async () => {
    const p = testProposal('high');
    await env.gov.startLifecycle(p, { actor: 'pat' });
    await opened(p.systemId);
    await vote(p.systemId, 'alice', 'approve');
    const s = await waitForState(env.gov, p.systemId, (x) => x.review?.escalated === true, 40_000);
    expect(s.stage).toBe('in_review');
    const events = await systemEvents(env.topic, p.systemId, 6);
    expect(shortTypes(events).slice(3)).toEqual(['review.vote_cast', 'review.reminder_sent', 'review.escalated']);
    expect(events[5]?.data).toMatchObject({ to: ['chair-erin'], missingVoters: ['bob', 'carol', 'dave', 'chair-erin'] });
    await new Promise((r) => setTimeout(r, 2_000));
    expect((await env.gov.getState(p.systemId)).sequence).toBe(6);
    await vote(p.systemId, 'bob', 'approve');
    expect((await vote(p.systemId, 'chair-erin', 'approve')).stage).toBe('approved');
    await recordHistory(env.client, p.systemId, 'deadline-escalated-approved');
  });
});
