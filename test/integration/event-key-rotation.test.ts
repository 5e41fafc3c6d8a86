import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Connection } from '@temporalio/client';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createApp } from '../../api/app.ts';
import { createReadiness } from '../../api/readiness.ts';
import { ensureKeyFile, loadKeyFile, loadVerifierKeys, type KeyProvider } from '../../adapters/signing-keys.ts';
import { registerAuditCommand } from '../../cli/commands/audit.ts';
import { registerKeysCommand } from '../../cli/commands/keys.ts';
import { readSystemEvents } from '../../client/audit.ts';
import { createGovernanceConsumer, type GovernanceHandlers } from '../../consumer/governance-consumer.ts';
import { catalogue } from '../../events/catalogue.ts';
import type { GovernanceEvent } from '../../events/envelope.ts';
import { trustedKeysFromJwks, type Jwks } from '../../events/keyring.ts';
import { waitUntil } from '../support/event-chains.ts';
import { issuerAuthenticator } from './helpers/issuer.ts';
import { testKafka } from './helpers/kafka.ts';
import { startReadSide } from './helpers/read-side.ts';
import { testConfig, uniqueName } from './helpers/temporal.ts';
import { openLifecycleEnv, systemEvents, testProposal, waitForState, type LifecycleEnv } from './lifecycle-helpers.ts';

// Key rotation on the real stack: a lifecycle signed partly with the event key before `govflow keys rotate events`
// and partly with the new key after the worker restarts on the rotated key file. Every reader must accept it all.
let env: LifecycleEnv;
let dir = '';
let keyFile = '';
let keys: KeyProvider;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'govflow-rotation-'));
  keyFile = join(dir, 'event-signing.jwks.json');
  await ensureKeyFile(keyFile);
  keys = await loadKeyFile(keyFile);
  // The worker reads the key file when it starts, as the real one does.
  env = await openLifecycleEnv('rotation', { eventSigner: () => keys.signer });
});
afterAll(async () => {
  await env?.close();
});

/** Runs a `govflow` command in-process with `env` set; its standard output and exit code. */
async function govflow(args: string[], vars: Record<string, string>): Promise<{ code: number; out: string }> {
  const program = new Command('govflow').exitOverride();
  registerAuditCommand(program);
  registerKeysCommand(program);
  let out = '';
  const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((out += String(chunk)), true));
  for (const [k, v] of Object.entries(vars)) vi.stubEnv(k, v);
  process.exitCode = 0;
  try {
    await program.parseAsync(['node', 'govflow', ...args]);
  } finally {
    write.mockRestore();
    vi.unstubAllEnvs();
  }
  const code = Number(process.exitCode ?? 0);
  process.exitCode = 0;
  return { code, out };
}

describe('event key rotation on the real stack', () => {
  it('verifies a lifecycle signed before and after `keys rotate events` in audit verify, the JWKS route, the projection and a consumer', async () => {
    const p = testProposal('high', 'rotation');
    await env.gov.startLifecycle(p, { actor: 'pat' });
    await waitForState(env.gov, p.systemId, (s) => s.review?.round === 1);
    await env.gov.castVote(p.systemId, { actor: 'alice', vote: 'approve', rationale: 'before the rotation' });
    const before = await waitForState(env.gov, p.systemId, (s) => s.review?.votes.length === 1);
    await systemEvents(env.topic, p.systemId, before.sequence);
    const oldKid = keys.signer.kid;

    // Rotate with the CLI, then restart the worker on the rotated key file.
    await env.stopWorker();
    const rotated = await govflow(['keys', 'rotate', 'events'], { GOVFLOW_EVENT_KEY_FILE: keyFile });
    expect(rotated.code).toBe(0);
    keys = await loadKeyFile(keyFile);
    const newKid = keys.signer.kid;
    expect(newKid).not.toBe(oldKid);
    expect(rotated.out).toContain(`current ${newKid}, retired ${oldKid}`);
    await env.startWorker();

    for (const m of ['bob', 'carol'])
      await env.gov.castVote(p.systemId, { actor: m, vote: 'approve', rationale: 'after the rotation' });
    const approved = await waitForState(env.gov, p.systemId, (s) => s.stage === 'approved');
    const events = await systemEvents(env.topic, p.systemId, approved.sequence);
    expect(events.map((e) => e.sequence)).toEqual(Array.from({ length: approved.sequence }, (_, i) => i + 1));
    // Signed partly by each key: the old one up to the first vote, the new one from the next vote on.
    const kids = events.map((e) => (e as GovernanceEvent & { sigkid: string }).sigkid);
    expect(kids.slice(0, before.sequence)).toEqual(Array(before.sequence).fill(oldKid));
    expect(kids.slice(before.sequence)).toEqual(Array(approved.sequence - before.sequence).fill(newKid));

    // `govflow keys export` lists both keys; that JWKS is all a verifier is given.
    const exported = await govflow(['keys', 'export'], { GOVFLOW_EVENT_KEY_FILE: keyFile });
    const jwks = JSON.parse(exported.out) as Jwks;
    expect(jwks.keys.map((k) => k.kid).sort()).toEqual([oldKid, newKid].sort());
    expect(jwks.keys.some((k) => 'd' in k)).toBe(false);
    const jwksFile = join(dir, 'exported.jwks.json');
    await writeFile(jwksFile, exported.out);

    // audit verify, anchored to the workflow's head and to the last checkpoint: intact, every event counted.
    const audit = await govflow(['audit', 'verify', p.systemId, '--json'], {
      GOVFLOW_TOPIC: env.topic,
      GOVFLOW_CHECKPOINT_TOPIC: env.checkpointTopic,
      GOVFLOW_TRUSTED_EVENT_KEYS: jwksFile,
    });
    expect(audit.code).toBe(0);
    expect(JSON.parse(audit.out)).toMatchObject({ ok: true, events: approved.sequence, quarantined: 0, problems: [] });
    // With only the new key trusted, the old half is quarantined: the check does depend on the retired key.
    const newOnly = join(dir, 'new-only.jwks.json');
    await writeFile(newOnly, JSON.stringify({ keys: jwks.keys.filter((k) => k.kid === newKid) }));
    const partial = await govflow(['audit', 'verify', p.systemId, '--json'], {
      GOVFLOW_TOPIC: env.topic,
      GOVFLOW_CHECKPOINT_TOPIC: env.checkpointTopic,
      GOVFLOW_TRUSTED_EVENT_KEYS: newOnly,
    });
    expect(partial.code).toBe(1);
    expect(JSON.parse(partial.out)).toMatchObject({ ok: false, quarantined: before.sequence });

    // A consumer given the exported JWKS delivers every event once, in order, and quarantines none.
    const trusted = trustedKeysFromJwks(jwks);
    const delivered: GovernanceEvent[] = [];
    const record = async (e: GovernanceEvent): Promise<void> => {
      if (e.subject === p.systemId) delivered.push(e);
    };
    const consumer = createGovernanceConsumer({
      kafka: testKafka,
      groupId: uniqueName('govflow-test-rotation'),
      topic: env.topic,
      handlers: Object.fromEntries(catalogue.map((c) => [c.type, record])) as GovernanceHandlers,
      trustedKeys: trusted,
      fromBeginning: true,
      onChainProblem: () => undefined,
    });
    // The projection with the same keys folds every event to the workflow's own state.
    const read = await startReadSide(env.topic, { trustedKeys: trusted });
    const temporal = await Connection.connect({ address: testConfig.GOVFLOW_TEMPORAL_ADDRESS });
    const kafkaAdmin = testKafka.admin();
    await kafkaAdmin.connect();
    try {
      await consumer.start();
      await waitUntil(() => delivered.length >= approved.sequence, 'every event at the consumer');
      expect(delivered.map((e) => e.hash)).toEqual(events.map((e) => e.hash));
      expect(consumer.stats()).toMatchObject({ quarantined: 0, conflicts: 0 });

      expect(await read.readSide.waitFor(p.systemId, approved.sequence, 30_000)).toBe(true);
      expect(await read.readSide.state(p.systemId)).toEqual(await env.gov.getState(p.systemId));
      expect((await read.readSide.quarantined()).filter((q) => q.event.subject === p.systemId)).toEqual([]);

      // The API, on the rotated key file: its JWKS lists both keys, its events route serves the whole chain.
      const eventKeys = await loadVerifierKeys({ keyFile });
      const app = createApp({
        governance: env.gov,
        readSide: read.readSide,
        history: (id) => readSystemEvents({ kafka: testKafka, topic: env.topic, systemId: id }),
        eventKeys,
        attestations: { signer: keys.signer, trusted: eventKeys.trusted },
        auth: issuerAuthenticator(),
        readiness: createReadiness({ temporal, kafkaAdmin }),
      });
      const served = (await (await app.request('/.well-known/jwks.json')).json()) as Jwks;
      expect(served.keys.map((k) => k.kid).sort()).toEqual([oldKid, newKid].sort());
      expect(served).toEqual(jwks);
    } finally {
      await consumer.stop();
      await read.close();
      await kafkaAdmin.disconnect();
      await temporal.close();
    }
  });
});
