import { Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toKafkaMessage } from '../../activities/publish-events.ts';
import { createEventProducer } from '../../adapters/kafka.ts';
import { createApp } from '../../api/app.ts';
import { createReadiness } from '../../api/readiness.ts';
import { readSystemEvents, readSystemTrail, verifyTrail } from '../../client/audit.ts';
import { catalogue } from '../../events/catalogue.ts';
import {
  createGovernanceConsumer,
  type GovernanceConsumer,
  type GovernanceHandlers,
} from '../../consumer/governance-consumer.ts';
import { sealEvent, type GovernanceEvent } from '../../events/envelope.ts';
import { waitUntil } from '../support/event-chains.ts';
import { forgerSigned, signed, testEventKeys, unsigned } from '../support/test-keys.ts';
import { issuerAuthenticator, tokenFor } from './helpers/issuer.ts';
import { readTopic, testKafka } from './helpers/kafka.ts';
import { startReadSide, type RunningReadSide } from './helpers/read-side.ts';
import { testConfig, uniqueName } from './helpers/temporal.ts';
import { openLifecycleEnv, testProposal, waitForState, type LifecycleEnv } from './lifecycle-helpers.ts';

// The forgeries found on a local stack, replayed into the real topic: each must be caught by every reader.
let env: LifecycleEnv;
let read: RunningReadSide;
const consumers: GovernanceConsumer[] = [];
const delivered: GovernanceEvent[] = [];
const producer = createEventProducer(testKafka);

beforeAll(async () => {
  env = await openLifecycleEnv('forgery');
  await producer.connect();
  const record = async (e: GovernanceEvent): Promise<void> => void delivered.push(e);
  const handlers = Object.fromEntries(catalogue.map((c) => [c.type, record])) as GovernanceHandlers;
  const helper = createGovernanceConsumer({
    kafka: testKafka,
    groupId: uniqueName('govflow-test-forgery'),
    topic: env.topic,
    handlers,
    trustedKeys: testEventKeys.trusted,
    onChainProblem: () => undefined,
  });
  consumers.push(helper);
  // The read side's own consumer reads the same topic (and quarantines too).
  [read] = await Promise.all([startReadSide(env.topic), ...consumers.map((c) => c.start())]);
});
afterAll(async () => {
  await Promise.all(consumers.map((c) => c.stop()));
  await read?.close();
  await producer.disconnect();
  await env?.close();
});

/** Re-seals `events` as a forger would: same types and data, recomputed hashes, a chain of its own. */
function reseal(
  systemId: string,
  events: { type: string; data: unknown }[],
  after?: GovernanceEvent,
): GovernanceEvent[] {
  const out: GovernanceEvent[] = [];
  for (const e of events) {
    const prev = out.at(-1) ?? after;
    out.push(
      sealEvent({
        event: { type: e.type.replace(/^ai\.governance\./, '').replace(/\.v1$/, ''), data: e.data },
        systemId,
        sequence: (prev?.sequence ?? 0) + 1,
        prevHash: prev?.hash ?? null,
        namespace: testConfig.GOVFLOW_TEMPORAL_NAMESPACE,
        policyVersion: prev?.policyversion ?? 'test@1',
        time: new Date().toISOString(),
      }),
    );
  }
  return out;
}

const forge = (events: GovernanceEvent[]) =>
  producer.send({ topic: env.topic, acks: -1, messages: events.map(toKafkaMessage) });
const mine = (id: string) => delivered.filter((e) => e.subject === id);

describe('forgeries on the real broker and server', () => {
  it('quarantines a forged-ahead chain, an invented lifecycle and a wrong-hash event in every reader, and delivers the genuine events', async () => {
    const reviewed = testProposal('high', 'forged-ahead');
    const template = testProposal('minimal', 'template');
    for (const p of [reviewed, template]) await env.gov.startLifecycle(p, { actor: 'pat' });
    const open = await waitForState(env.gov, reviewed.systemId, (s) => s.review?.round === 1);
    await waitForState(env.gov, template.systemId, (s) => s.review?.round === 1);
    await env.gov.castVote(template.systemId, { actor: 'alice', vote: 'approve', rationale: 'fine' });
    await env.gov.recordDeployment(template.systemId, {
      actor: 'olga',
      environment: 'prod',
      version: '1.0.0',
      deployer: 'olga',
    });
    const deployed = await waitForState(env.gov, template.systemId, (s) => s.stage === 'deployed');
    await waitUntil(
      () => mine(reviewed.systemId).length >= open.sequence && mine(template.systemId).length >= deployed.sequence,
      'the genuine events so far',
    );
    const last = mine(reviewed.systemId).at(-1)!;
    const approval = mine(template.systemId).find((e) => e.type === 'ai.governance.system.approved.v1')!;

    // 1. The next four events (three votes and an approval), hashes recomputed; unsigned or signed with the forger's key.
    const votes = ['alice', 'bob', 'carol'].map((voter) => ({
      type: 'review.vote_cast',
      data: { round: 1, voter, vote: 'approve', rationale: `${voter}: approve` },
    }));
    const ahead = reseal(reviewed.systemId, [...votes, approval], last).map((e, i) =>
      i % 2 ? forgerSigned(e) : unsigned(e),
    );
    // 2. An invented lifecycle ending in `deployed`, with no workflow behind it.
    const inventedId = uniqueName('invented').toLowerCase();
    const invented = reseal(inventedId, mine(template.systemId)).map(forgerSigned);
    // 3. The next event with a wrong hash (a genuine-looking, engine-signed vote edited afterwards).
    const [next] = reseal(reviewed.systemId, [votes[0]!], last);
    const wrongHash = { ...signed(next!), data: { ...(votes[0]!.data as object), vote: 'reject' } };
    await forge([...ahead, wrongHash, ...invented]);

    // The genuine decisions, after the forgeries are on the topic.
    for (const m of ['alice', 'bob', 'carol'])
      await env.gov.castVote(reviewed.systemId, { actor: m, vote: 'approve', rationale: `${m}: approve` });
    const approved = await waitForState(env.gov, reviewed.systemId, (s) => s.stage === 'approved');
    await waitUntil(() => mine(reviewed.systemId).length >= approved.sequence, 'the genuine votes and approval');
    const forged = new Set([...ahead, wrongHash, ...invented].map((e) => e.hash));

    // Consumer helper: every genuine event delivered once, in order, ending at the workflow's head; no forgery delivered.
    const genuine = mine(reviewed.systemId);
    expect(genuine.map((e) => e.sequence)).toEqual(Array.from({ length: approved.sequence }, (_, i) => i + 1));
    expect(genuine.at(-1)!.hash).toBe(approved.lastHash);
    expect(delivered.some((e) => forged.has(e.hash))).toBe(false);
    expect(mine(inventedId)).toEqual([]);
    const total = ahead.length + 1 + invented.length;
    await waitUntil(
      () => consumers.every((c) => c.stats().quarantined >= total) && read.consumer.stats().quarantined >= total,
      'every forgery quarantined',
    );
    const quarantine = await readTopic(`${env.topic}.quarantine`, (m) => m.length >= 2 * total);
    const reasons = (id: string) =>
      quarantine.filter((m) => m.key === id).map((m) => m.headers['x-govflow-dlq-reason']!.split(':')[0]);
    // Both readers quarantine each forgery with its reason (the helper and the projection's consumer).
    const perReader = ['hash_mismatch', 'unknown_key', 'unknown_key', 'unsigned', 'unsigned'];
    expect(reasons(reviewed.systemId).sort()).toEqual([...perReader, ...perReader].sort());
    expect(new Set(reasons(inventedId))).toEqual(new Set(['unknown_key']));

    // Audit verify: the genuine chain counted, each forgery named with its reason, the verdict not intact.
    const report = verifyTrail(
      reviewed.systemId,
      await readSystemTrail({ kafka: testKafka, topic: env.topic, systemId: reviewed.systemId }),
      {
        keys: testEventKeys.trusted,
        head: { sequence: approved.sequence, hash: approved.lastHash! },
      },
    );
    expect(report).toMatchObject({ ok: false, events: approved.sequence, quarantined: 5 });
    expect(report.problems.map((p) => p.kind).sort()).toEqual([
      'hash_mismatch',
      'unknown_key',
      'unknown_key',
      'unsigned',
      'unsigned',
    ]);
    const inventedReport = verifyTrail(
      inventedId,
      await readSystemTrail({ kafka: testKafka, topic: env.topic, systemId: inventedId }),
      {
        keys: testEventKeys.trusted,
      },
    );
    expect(inventedReport).toMatchObject({ ok: false, events: 0, quarantined: invented.length });

    // The read side: the folded state is the workflow's own; the invented system does not exist; forgeries kept aside.
    expect(await read.readSide.waitFor(reviewed.systemId, approved.sequence, 30_000)).toBe(true);
    expect(await read.readSide.state(reviewed.systemId)).toEqual(await env.gov.getState(reviewed.systemId));
    expect(await read.readSide.state(inventedId)).toBeUndefined();
    expect((await read.readSide.quarantined()).filter((q) => forged.has(q.event.hash))).toHaveLength(total);

    // The API's events route serves the genuine chain only and names what it set aside.
    const temporal = await Connection.connect({ address: testConfig.GOVFLOW_TEMPORAL_ADDRESS });
    const kafkaAdmin = testKafka.admin();
    await kafkaAdmin.connect();
    try {
      const app = createApp({
        governance: env.gov,
        readSide: read.readSide,
        history: (id) => readSystemEvents({ kafka: testKafka, topic: env.topic, systemId: id }),
        eventKeys: testEventKeys,
        attestations: { signer: testEventKeys.signer, trusted: testEventKeys.trusted },
        auth: issuerAuthenticator(),
        readiness: createReadiness({ temporal, kafkaAdmin }),
      });
      const token = await tokenFor('ann');
      const res = await app.request(`/v1/systems/${reviewed.systemId}/events`, {
        headers: { authorization: `Bearer ${token}` },
      });
      const page = (await res.json()) as { events: GovernanceEvent[]; quarantined: { kind: string }[] };
      expect(page.events.map((e) => e.hash)).toEqual(genuine.map((e) => e.hash));
      expect(page.quarantined.map((q) => q.kind).sort()).toEqual([
        'hash_mismatch',
        'unknown_key',
        'unknown_key',
        'unsigned',
        'unsigned',
      ]);
      const jwks = await app.request('/.well-known/jwks.json');
      expect(await jwks.json()).toEqual(testEventKeys.jwks());
    } finally {
      await kafkaAdmin.disconnect();
      await temporal.close();
    }
  });

  it('raises a conflict for a second, validly signed event at a sequence already delivered, and does not deliver it', async () => {
    const p = testProposal('limited', 'conflict');
    await env.gov.startLifecycle(p, { actor: 'pat' });
    const s = await waitForState(env.gov, p.systemId, (st) => st.review?.round === 1);
    await waitUntil(() => mine(p.systemId).length >= s.sequence, 'the genuine events');
    const first = mine(p.systemId)[0]!;
    // Signed with the engine's key: only a stolen key or an engine bug could produce it, so it is an alarm.
    const other = signed(
      sealEvent({
        event: { type: 'system.proposed', data: first.data },
        systemId: p.systemId,
        sequence: 1,
        prevHash: null,
        namespace: 'x',
        policyVersion: first.policyversion,
        time: first.time,
      }),
    );
    const before = consumers[0]!.stats().conflicts;
    await forge([other]);
    await waitUntil(() => consumers[0]!.stats().conflicts > before, 'the conflict alarm');
    expect(delivered.filter((e) => e.hash === other.hash)).toEqual([]);
  });
});
