import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WorkflowFailedError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  generateKeyProvider,
  loadKeyFile,
  loadVerifierKeys,
  pruneRetiredKeys,
  rotateKeyFile,
  type KeyProvider,
} from '../../adapters/signing-keys.ts';
import { createEdgeCommandKey, rollCommandKeys } from '../../client/command-key-roll.ts';
import { toBase64url } from '../../events/base64url.ts';
import { readSystemTrail } from '../../client/audit.ts';
import { createCommandSigner } from '../../client/command-signer.ts';
import { createGovernanceClient, type GovernanceClient } from '../../client/governance-client.ts';
import { DomainError } from '../../domain/errors.ts';
import { Proposal } from '../../domain/proposal.ts';
import { readCommandProof, START_COMMAND } from '../../events/command-proof.ts';
import { castVoteUpdate, rotateCommandKeysUpdate, workflowIdOf } from '../../workflows/messages.ts';
import { testKafka } from './helpers/kafka.ts';
import { forgerKeys, testCommandKeys } from '../support/test-keys.ts';
import {
  acceptedUpdates,
  lifecycleConfig,
  openLifecycleEnv,
  recordHistory,
  systemEvents,
  testProposal,
  waitForState,
  type LifecycleEnv,
} from './lifecycle-helpers.ts';

let env: LifecycleEnv;
let keyFile: string;
beforeAll(async () => {
  // The API's command key file, holding key A (the tests' command key); the worker reads it at each start.
  keyFile = join(await mkdtemp(join(tmpdir(), 'govflow-command-keys-')), 'command-signing.jwks.json');
  const a = testCommandKeys.jwks().keys[0]!;
  await writeFile(keyFile, JSON.stringify({ keys: [{ ...a, d: toBase64url(new Uint8Array(32).fill(5)) }] }));
  env = await openLifecycleEnv('command-keys', { commandKeys: async () => (await loadVerifierKeys({ keyFile })).jwks() });
});
afterAll(async () => {
  await env?.close();
});

/** A governance client whose edge signs with `keys` (the API after it changed over to them). */
const edgeWith = (keys: KeyProvider): GovernanceClient =>
  createGovernanceClient({
    client: env.client,
    taskQueue: env.taskQueue,
    defaultPolicyPack: lifecycleConfig.GOVFLOW_POLICY_PACK,
    commandSigner: createCommandSigner(keys.signer),
  });

/** The refusal's type and message, or 'accepted'. */
async function outcome(f: () => Promise<unknown>): Promise<string> {
  try {
    await f();
    return 'accepted';
  } catch (e) {
    const cause = e instanceof WorkflowUpdateFailedError || e instanceof WorkflowFailedError ? e.cause : e;
    if (cause instanceof ApplicationFailure) return `${cause.type}: ${cause.message}`;
    if (e instanceof DomainError) return `${e.code}: ${e.message}`;
    if (e instanceof Error) return `${e.name}: ${e.message}`;
    throw e;
  }
}

const admin = { actor: 'root-admin', roles: ['admin' as const] };
const publicKeys = (...rings: KeyProvider[]) => rings.map((r) => r.jwks().keys[0]!);

describe('rotating the edge keys of a running lifecycle, on the real server', () => {
  it('takes a rotation signed by a current key, then trusts exactly the new set; refusals leave no trace', async () => {
    const keyA = testCommandKeys;
    const keyB = generateKeyProvider();
    const p = testProposal('high', 'rotated');
    const id = p.systemId;
    await env.gov.startLifecycle(p, { actor: 'pat' });
    await waitForState(env.gov, id, (s) => s.review?.round === 1);
    const [byA, byB] = [env.gov, edgeWith(keyB)];

    // Before any rotation, B is a stranger; a rotation signed by a key no set holds is refused.
    expect(await outcome(() => byB.castVote(id, { actor: 'carol', vote: 'approve', rationale: 'Too early.' }))).toMatch(/^UNAUTHENTICATED: .*does not trust/);
    expect(await outcome(() => edgeWith(forgerKeys).rotateCommandKeys(id, { ...admin, keys: publicKeys(forgerKeys), reason: 'Take over.' }))).toMatch(/^UNAUTHENTICATED: .*does not trust/);
    // A rotation by someone who is not an administrator is refused even when the edge signed it.
    expect(await outcome(() => byA.rotateCommandKeys(id, { actor: 'olga', roles: ['deployer'], keys: publicKeys(keyB), reason: 'Mine now.' }))).toMatch(/^FORBIDDEN/);

    // A signs the change-over to {A, B}: both edges are heard while API instances change over.
    await byA.rotateCommandKeys(id, { ...admin, keys: publicKeys(keyA, keyB), reason: 'The API key rolls over.' });
    await byB.castVote(id, { actor: 'alice', vote: 'approve', rationale: 'Signed by the new key.' });
    await byA.castVote(id, { actor: 'bob', vote: 'approve', rationale: 'Signed by the old key, still trusted.' });
    // B, now trusted, retires A.
    await byB.rotateCommandKeys(id, { ...admin, keys: publicKeys(keyB), reason: 'Every instance signs with the new key.' });
    expect(await outcome(() => byA.castVote(id, { actor: 'carol', vote: 'approve', rationale: 'Old key, retired.' }))).toMatch(/^UNAUTHENTICATED: .*does not trust/);
    await byB.castVote(id, { actor: 'carol', vote: 'approve', rationale: 'New key.' });

    // Only what was accepted is in the history: no refused rotation, no vote by the retired key.
    expect((await acceptedUpdates(env.client, id)).map((u) => `${u.name}:${u.actor}`)).toEqual([
      'rotateCommandKeys:root-admin', 'castVote:alice', 'castVote:bob', 'rotateCommandKeys:root-admin', 'castVote:carol',
    ]);
    const state = await env.gov.getState(id);
    const events = await systemEvents(env.topic, id, state.sequence);
    const rotations = events.filter((e) => e.type === 'ai.governance.lifecycle.command_keys_rotated.v1');
    expect(rotations.map((e) => ({ keys: (e.data as { keys: { kid: string }[] }).keys.map((k) => k.kid), signedBy: readCommandProof(e.commandjws!)?.kid }))).toEqual([
      { keys: [keyA.signer.kid, keyB.signer.kid], signedBy: keyA.signer.kid },
      { keys: [keyB.signer.kid], signedBy: keyB.signer.kid },
    ]);
    // Public keys only: nothing in the record looks like a private JWK.
    expect(JSON.stringify(rotations)).not.toMatch(/"d"\s*:/);
    const votes = events.filter((e) => e.type === 'ai.governance.review.vote_cast.v1');
    expect(votes.map((e) => readCommandProof(e.commandjws!)?.kid)).toEqual([keyB.signer.kid, keyA.signer.kid, keyB.signer.kid]);
  });

  it('keeps the rotated set to the end of the lifecycle (recorded for the replay corpus)', async () => {
    const keyB = generateKeyProvider();
    const p = testProposal('minimal', 'rotated-retired');
    await env.gov.startLifecycle(p, { actor: 'pat' });
    await waitForState(env.gov, p.systemId, (s) => s.review?.round === 1);
    await env.gov.rotateCommandKeys(p.systemId, { ...admin, keys: publicKeys(keyB), reason: 'Rolled.' });
    const byB = edgeWith(keyB);
    await byB.castVote(p.systemId, { actor: 'alice', vote: 'approve', rationale: 'Low risk.' });
    expect(await outcome(() => env.gov.retire(p.systemId, { actor: 'olga', reason: 'Old key.' }))).toMatch(/^UNAUTHENTICATED/);
    await byB.retire(p.systemId, { actor: 'olga', reason: 'Replaced.' });
    const result = await env.client.workflow.getHandle(workflowIdOf(p.systemId)).result();
    expect(result.stage).toBe('retired');
    await recordHistory(env.client, p.systemId, 'command-keys-rotated-retired');
  });
});

describe("a lifecycle's start is signed by the edge, on the real server", () => {
  /** Starts a lifecycle straight through the Temporal frontend, as anyone who can reach it could. */
  async function directStart(tag: string, proof?: (args: object) => Promise<string>, alter: (a: object) => object = (a) => a) {
    const proposal = Proposal.parse(testProposal('minimal', tag));
    const args = { proposal, policyPack: 'test', actor: 'pat' };
    const signed = proof ? { ...alter(args), proof: await proof(args) } : args;
    const handle = await env.client.workflow.start('aiSystemLifecycle', {
      workflowId: workflowIdOf(proposal.systemId),
      taskQueue: env.taskQueue,
      args: [signed],
    });
    return { systemId: proposal.systemId, handle };
  }
  const signedBy = (keys: KeyProvider) => (args: object) =>
    createCommandSigner(keys.signer).sign({ cmd: START_COMMAND, sys: (args as { proposal: { systemId: string } }).proposal.systemId, sub: 'pat', input: args });

  it.each([
    ['without the edge’s signature', 'unsigned-start', undefined, undefined, /not signed by the API/],
    ['signed by a key the workers do not trust', 'forged-start', signedBy(forgerKeys), undefined, /does not trust/],
    ['signed for another pack than it starts with', 'repacked-start', signedBy(testCommandKeys), (a: object) => ({ ...a, policyPack: 'ai-governance-code-2026' }), /another input/],
  ])('refuses a start sent %s: the workflow fails and nothing reaches the topic', async (_what, tag, proof, alter, why) => {
    const { systemId, handle } = await directStart(tag, proof, alter);
    expect(await outcome(() => handle.result())).toMatch(new RegExp(`^UNAUTHENTICATED: .*${why.source}`));
    expect((await handle.describe()).status.name).toBe('FAILED');
    const trail = await readSystemTrail({ kafka: testKafka, topic: env.topic, systemId });
    expect(trail.events).toEqual([]);
    // Nor can anyone then act on it.
    expect(await outcome(() => handle.executeUpdate(castVoteUpdate, { args: [{ actor: 'alice', vote: 'approve', rationale: 'x' }] }))).not.toBe('accepted');
    expect(await outcome(() => handle.executeUpdate(rotateCommandKeysUpdate, { args: [{ ...admin, keys: publicKeys(forgerKeys), reason: 'x' }] }))).not.toBe('accepted');
  });

  it('refuses a genuine signed start copied into a workflow of another id: no second chain of the system', async () => {
    const { systemId, handle: genuine } = await directStart('copied-start', signedBy(testCommandKeys));
    await waitForState(env.gov, systemId, (s) => s.review?.round === 1);
    const started = await systemEvents(env.topic, systemId, 1);
    // Whoever reaches the frontend reads the signed start from the history and starts it again under another id.
    const history = await genuine.fetchHistory();
    const { defaultPayloadConverter } = await import('@temporalio/common');
    const payload = history.events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads?.[0];
    const copied = defaultPayloadConverter.fromPayload(payload!);
    const copy = await env.client.workflow.start('aiSystemLifecycle', {
      workflowId: `${workflowIdOf(systemId)}:copy`,
      taskQueue: env.taskQueue,
      args: [copied],
    });
    expect(await outcome(() => copy.result())).toMatch(/^UNAUTHENTICATED: start refused: the workflow .*:copy is not the lifecycle of system/);
    expect((await copy.describe()).status.name).toBe('FAILED');
    // The topic holds the genuine chain alone: one system.proposed, every event at its own sequence once.
    const trail = await readSystemTrail({ kafka: testKafka, topic: env.topic, systemId });
    const proposed = trail.events.filter((e) => e.type === 'ai.governance.system.proposed.v1');
    expect(proposed.map((e) => e.hash)).toEqual([started[0]!.hash]);
    expect(new Set(trail.events.map((e) => e.sequence)).size).toBe(new Set(trail.events.map((e) => e.hash)).size);
  });

  it('begins on a start the edge signed, and system.proposed records who proposed it through which edge', async () => {
    const { systemId } = await directStart('signed-start', signedBy(testCommandKeys));
    await waitForState(env.gov, systemId, (s) => s.review?.round === 1);
    const [proposed] = await systemEvents(env.topic, systemId, 1);
    expect(proposed?.type).toBe('ai.governance.system.proposed.v1');
    expect(readCommandProof(proposed!.commandjws!)).toMatchObject({ cmd: START_COMMAND, sub: 'pat', sys: systemId, kid: testCommandKeys.signer.kid });
  });
});

describe("rolling the API's command key over the running lifecycles, on the real server", () => {
  /** The running lifecycles of this file's worker whose ids start with `prefix`, listed by Temporal. */
  const runningWith = (prefix: string) =>
    async function* () {
      for await (const w of env.client.workflow.list({ query: `TaskQueue = '${env.taskQueue}' AND ExecutionStatus = 'Running'` })) {
        const systemId = w.workflowId.replace(/^ai-system:/, '');
        if (systemId.startsWith(prefix)) yield systemId;
      }
    };
  const roll = (edge: ReturnType<typeof createEdgeCommandKey>, gov: GovernanceClient, mode: 'add' | 'replace') =>
    rollCommandKeys({ governance: gov, edge, loadNext: () => loadKeyFile(keyFile), systems: runningWith('rolled') }, { ...admin, mode, reason: 'Scheduled roll.' });

  it('new key file, the old key signs the change-over, the edge signs with the new one; then the new key alone', async () => {
    const edge = createEdgeCommandKey(await loadKeyFile(keyFile));
    const gov = createGovernanceClient({ client: env.client, taskQueue: env.taskQueue, defaultPolicyPack: lifecycleConfig.GOVFLOW_POLICY_PACK, commandSigner: edge });
    const a = edge.current.signer.kid;
    expect(a).toBe(testCommandKeys.signer.kid);
    const p = testProposal('high', 'rolled');
    await gov.startLifecycle(p, { actor: 'pat' });
    await waitForState(gov, p.systemId, (s) => s.review?.round === 1);
    await expect(roll(edge, gov, 'add')).rejects.toThrow(/already the one the API signs with/);

    const { current: b } = await rotateKeyFile(keyFile);
    const added = await roll(edge, gov, 'add');
    expect(added).toEqual({ mode: 'add', signedWith: a, signsWith: b, keys: [a, b], rotated: [p.systemId], refused: [] });
    await gov.castVote(p.systemId, { actor: 'alice', vote: 'approve', rationale: 'Signed with the new key.' });
    // An API instance not yet restarted still signs with A, and is still heard.
    await env.gov.castVote(p.systemId, { actor: 'bob', vote: 'approve', rationale: 'Signed with the old key.' });
    // A lifecycle started now trusts the key file's keys, read by the worker at its start.
    const q = testProposal('minimal', 'rolled-later');
    await gov.startLifecycle(q, { actor: 'pat' });
    await waitForState(gov, q.systemId, (s) => s.review?.round === 1);

    const replaced = await roll(edge, gov, 'replace');
    expect(replaced).toMatchObject({ mode: 'replace', signedWith: b, signsWith: b, keys: [b], refused: [] });
    expect(replaced.rotated.sort()).toEqual([p.systemId, q.systemId].sort());
    expect(await outcome(() => env.gov.castVote(p.systemId, { actor: 'carol', vote: 'approve', rationale: 'Old key.' }))).toMatch(/^UNAUTHENTICATED: .*does not trust/);
    await gov.castVote(p.systemId, { actor: 'carol', vote: 'approve', rationale: 'New key.' });

    // Dropping A from the key file: a lifecycle started afterwards refuses a start signed by A.
    expect(await pruneRetiredKeys(keyFile)).toEqual([a]);
    const late = testProposal('minimal', 'rolled-late');
    await env.gov.startLifecycle(late, { actor: 'pat' });
    expect(await outcome(() => env.client.workflow.getHandle(workflowIdOf(late.systemId)).result())).toMatch(/^UNAUTHENTICATED: .*does not trust/);
    expect((await acceptedUpdates(env.client, p.systemId)).map((u) => `${u.name}:${u.actor}`)).toEqual([
      'rotateCommandKeys:root-admin', 'castVote:alice', 'castVote:bob', 'rotateCommandKeys:root-admin', 'castVote:carol',
    ]);
  });
});
