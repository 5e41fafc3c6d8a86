import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { toKafkaMessage } from '../../activities/publish-events.ts';
import { createEventProducer } from '../../adapters/kafka.ts';
import { registerAuditCommand } from '../../cli/commands/audit.ts';
import { readLastCheckpoint, readSystemTrail, verifyTrail } from '../../client/audit.ts';
import { readWorkflowHead } from '../../client/workflow-head.ts';
import { createCommandSigner } from '../../client/command-signer.ts';
import { Proposal } from '../../domain/proposal.ts';
import { START_COMMAND } from '../../events/command-proof.ts';
import { sealEvent, type GovernanceEvent } from '../../events/envelope.ts';
import { workflowIdOf } from '../../workflows/messages.ts';
import { forgerSigned, signed, testCommandKeys, testEventKeys } from '../support/test-keys.ts';
import { testKafka } from './helpers/kafka.ts';
import {
  openLifecycleEnv,
  recordHistory,
  systemEvents,
  testProposal,
  waitForState,
  type LifecycleEnv,
} from './lifecycle-helpers.ts';

let env: LifecycleEnv;
let keysFile = '';
beforeAll(async () => {
  env = await openLifecycleEnv('anchored');
  keysFile = join(await mkdtemp(join(tmpdir(), 'govflow-anchor-keys-')), 'jwks.json');
  await writeFile(keysFile, JSON.stringify(testEventKeys.jwks()));
});
afterAll(async () => {
  await env?.close();
});

/** `govflow audit verify <id> --json` in-process, anchored to the real Temporal server. */
async function auditVerify(
  systemId: string,
): Promise<{ code: number; report: { ok: boolean; problems: { kind: string; detail: string }[] } }> {
  const program = new Command('govflow').exitOverride();
  registerAuditCommand(program);
  let out = '';
  const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((out += String(chunk)), true));
  vi.stubEnv('GOVFLOW_TOPIC', env.topic);
  vi.stubEnv('GOVFLOW_TRUSTED_EVENT_KEYS', keysFile);
  vi.stubEnv('GOVFLOW_CHECKPOINT_TOPIC', env.checkpointTopic);
  process.exitCode = 0;
  try {
    await program.parseAsync(['node', 'govflow', 'audit', 'verify', systemId, '--json']);
  } finally {
    write.mockRestore();
    vi.unstubAllEnvs();
  }
  const code = Number(process.exitCode ?? 0);
  process.exitCode = 0;
  return { code, report: JSON.parse(out) as never };
}

describe("audit verify anchored to the workflow's head", () => {
  it('passes a running lifecycle, and reports one terminated without a closing event', async () => {
    const p = testProposal('limited', 'terminated');
    await env.gov.startLifecycle(p, { actor: 'pat' });
    const s = await waitForState(env.gov, p.systemId, (st) => st.review?.round === 1);
    await systemEvents(env.topic, p.systemId, s.sequence);
    expect(await auditVerify(p.systemId)).toMatchObject({ code: 0, report: { ok: true } });

    await env.client.workflow.getHandle(workflowIdOf(p.systemId)).terminate('forced');
    const { code, report } = await auditVerify(p.systemId);
    expect(code).toBe(1);
    expect(report.problems).toEqual([
      expect.objectContaining({
        kind: 'ended_unclosed',
        detail: expect.stringContaining('terminated without a closing event'),
      }),
    ]);
  });

  it('reports a lifecycle that timed out without a closing event (recorded for the replay corpus)', async () => {
    // A start with an execution timeout, signed by the edge as the API signs it, sent straight to the frontend.
    const proposal = Proposal.parse(testProposal('limited', 'timed-out'));
    const args = { proposal, policyPack: 'test', actor: 'pat' };
    const proof = await createCommandSigner(testCommandKeys.signer).sign({
      cmd: START_COMMAND,
      sys: proposal.systemId,
      sub: 'pat',
      input: args,
    });
    const handle = await env.client.workflow.start('aiSystemLifecycle', {
      workflowId: workflowIdOf(proposal.systemId),
      taskQueue: env.taskQueue,
      args: [{ ...args, proof }],
      workflowExecutionTimeout: '4 seconds',
    });
    const s = await waitForState(env.gov, proposal.systemId, (st) => st.review?.round === 1);
    await systemEvents(env.topic, proposal.systemId, s.sequence);
    await expect(handle.result()).rejects.toThrow();
    expect((await handle.describe()).status.name).toBe('TIMED_OUT');
    const { code, report } = await auditVerify(proposal.systemId);
    expect(code).toBe(1);
    expect(report.problems).toEqual([
      expect.objectContaining({
        kind: 'ended_unclosed',
        sequence: s.sequence + 1,
        detail: expect.stringContaining('timed_out without a closing event'),
      }),
    ]);
    await recordHistory(env.client, proposal.systemId, 'signed-start-timed-out');
  });

  it('reports an invented lifecycle on the topic as broken, naming each forgery, not as a system without events', async () => {
    const systemId = `invented-${Date.now()}`;
    const chain: GovernanceEvent[] = [];
    for (const [i, type] of ['system.proposed', 'risk.assessed'].entries()) {
      const prev = chain.at(-1);
      chain.push(
        forgerSigned(
          sealEvent({
            event: { type, data: {} } as never,
            systemId,
            sequence: i + 1,
            prevHash: prev?.hash ?? null,
            namespace: 'default',
            policyVersion: 'test@1',
            time: new Date().toISOString(),
          }),
        ),
      );
    }
    const producer = createEventProducer(testKafka);
    await producer.connect();
    await producer.send({ topic: env.topic, acks: -1, messages: chain.map(toKafkaMessage) });
    await producer.disconnect();
    const { code, report } = await auditVerify(systemId);
    expect(code).toBe(1);
    expect(report).toMatchObject({ ok: false, events: 0, quarantined: 2 });
    expect(report.problems.map((p) => p.kind).sort()).toEqual(['no_workflow', 'unknown_key', 'unknown_key']);
  });

  it('reports a truncated topic, a validly signed chain forged ahead of the workflow, and a lifecycle no workflow ran', async () => {
    const p = testProposal('limited', 'anchored');
    await env.gov.startLifecycle(p, { actor: 'pat' });
    const s = await waitForState(env.gov, p.systemId, (st) => st.review?.round === 1);
    await systemEvents(env.topic, p.systemId, s.sequence);
    const head = await readWorkflowHead(env.client, p.systemId);
    expect(head).toMatchObject({ status: 'RUNNING', sequence: s.sequence, lastHash: s.lastHash, closed: false });
    const trail = await readSystemTrail({ kafka: testKafka, topic: env.topic, systemId: p.systemId });
    const check = { keys: testEventKeys.trusted, workflow: head! };
    expect(verifyTrail(p.systemId, trail, check).ok).toBe(true);

    const truncated = { ...trail, events: trail.events.slice(0, -1) };
    expect(verifyTrail(p.systemId, truncated, check).problems.map((x) => `${x.kind}@${x.sequence}`)).toEqual([
      `gap@${s.sequence}`,
    ]);
    // Without Temporal: the signed checkpoint of the last stage change (review opened, the head here) catches it too.
    const checkpoint = await readLastCheckpoint({
      kafka: testKafka,
      topic: env.checkpointTopic,
      systemId: p.systemId,
      keys: testEventKeys.trusted,
    });
    expect(checkpoint?.data).toEqual({ sequence: s.sequence, headhash: s.lastHash });
    const offline = { keys: testEventKeys.trusted, checkpoint: checkpoint! };
    expect(verifyTrail(p.systemId, trail, offline).ok).toBe(true);
    expect(verifyTrail(p.systemId, truncated, offline).problems).toEqual([
      expect.objectContaining({
        kind: 'gap',
        sequence: s.sequence,
        detail: expect.stringContaining('does not reach the signed checkpoint'),
      }),
    ]);

    const last = trail.events.at(-1)!;
    const beyond = signed(
      sealEvent({
        event: {
          type: 'review.vote_cast',
          data: { round: 1, voter: 'alice', vote: 'approve', rationale: 'forged ahead' },
        },
        systemId: p.systemId,
        sequence: last.sequence + 1,
        prevHash: last.hash,
        namespace: 'default',
        policyVersion: last.policyversion,
        time: last.time,
      }),
    );
    const ahead = { ...trail, events: [...trail.events, beyond] };
    expect(verifyTrail(p.systemId, ahead, check).problems.map((x) => x.kind)).toEqual(['ahead']);

    const invented = { events: trail.events.map((e) => ({ ...e })), unreadable: [] };
    expect(
      verifyTrail(p.systemId, invented, { keys: testEventKeys.trusted, workflow: null }).problems.map((x) => x.kind),
    ).toEqual(['no_workflow']);
  });
});
