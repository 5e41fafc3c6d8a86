import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Connection } from '@temporalio/client';
import { createApp } from '../../api/app.ts';
import { createReadiness } from '../../api/readiness.ts';
import { loadServiceAccounts } from '../../adapters/service-accounts.ts';
import { createEventProducer } from '../../adapters/kafka.ts';
import { decisionMessage } from '../../client/decision-logger.ts';
import { clientCredentialsToken } from '../../client/oidc-client.ts';
import { readSystemEvents } from '../../client/audit.ts';
import { periodOf } from '../../domain/decisions/check-decision.ts';
import { createCreditService, createHttpDecisionLog } from '../../examples/decision-service/credit-decisions.ts';
import { serviceClientSecret } from '../../issuer/service-clients.ts';
import { issuerAuthenticator, issuerUrl, tokenFor } from './helpers/issuer.ts';
import { testKafka } from './helpers/kafka.ts';
import { testConfig } from './helpers/temporal.ts';
import { deployedSystem, eventually, lifecycleEventsOf, openDecisionTrailEnv, type DecisionTrailEnv } from './decision-trail-env.ts';
import { testEventKeys } from '../support/test-keys.ts';

let t: DecisionTrailEnv;
let app: ReturnType<typeof createApp>;
let close: () => Promise<void>;
const serviceToken = (id: string) => async () =>
  clientCredentialsToken({ issuer: issuerUrl, clientId: id, secret: await serviceClientSecret(testConfig.GOVFLOW_STATE_DIR, id) });

beforeAll(async () => {
  t = await openDecisionTrailEnv('decisions-http');
  const temporal = await Connection.connect({ address: testConfig.GOVFLOW_TEMPORAL_ADDRESS });
  const kafkaAdmin = testKafka.admin();
  await kafkaAdmin.connect();
  const producer = createEventProducer(testKafka);
  await producer.connect();
  app = createApp({
    readSide: t.reads.readSide,
    governance: t.env.gov,
    history: (systemId) => readSystemEvents({ kafka: testKafka, topic: t.env.topic, systemId }),
    eventKeys: testEventKeys,
    attestations: { signer: testEventKeys.signer, trusted: testEventKeys.trusted },
    auth: issuerAuthenticator(),
    readiness: createReadiness({ temporal, kafkaAdmin }),
    decisions: {
      store: t.store,
      ingest: {
        services: await loadServiceAccounts(testConfig.GOVFLOW_POLICY_DIR),
        publish: async (records, logger) => void (await producer.send({ topic: t.decisionsTopic, acks: -1, messages: records.map((r) => decisionMessage(r, logger)) })),
      },
    },
  });
  close = async () => {
    await producer.disconnect();
    await kafkaAdmin.disconnect();
    await temporal.close();
  };
});
afterAll(async () => {
  await close?.();
  await t?.close();
});

const month = () => periodOf(new Date().toISOString());
const record = (systemId: string, id: string, extra: Record<string, unknown> = {}) => ({
  systemId, modelVersion: '1.0.0', decisionId: id, decidedAt: new Date().toISOString(), inputDigest: `sha256:${'c'.repeat(64)}`, output: 'approve', ...extra,
});
const post = async (token: string, body: unknown) =>
  app.request('/v1/decisions', { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('decision ingest over HTTP, as the system service identity', () => {
  it('accepts a batch from the service tied to the system (202), which the checker stores and checks', async () => {
    const systemId = await deployedSystem(t, 'http-trail-ok');
    // The example service logging over HTTP, to the app in this process.
    const log = createHttpDecisionLog({
      apiUrl: 'http://govflow.test', token: serviceToken('svc-test-decisions'), systemId, version: '2.0.0',
      fetch: async (url, init) => app.request(url, init),
    });
    const service = createCreditService(log);
    for (let i = 0; i < 3; i++) await service.decide({ applicantId: `h-${i}`, name: 'Someone', income: 10, debts: 1 });
    const res = await log.flush();
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ accepted: 3 });
    await eventually(() => t.store.counts(systemId, month()), (c) => c.decisions === 3, 'three stored decisions');
    // Version 2.0.0 is not the approved and deployed 1.0.0: the checker records it in the lifecycle.
    const [v] = await lifecycleEventsOf(t, systemId, 'decision.violation_detected');
    expect(v?.data).toMatchObject({ kind: 'unapproved_version', modelVersion: '2.0.0' });

    const oversight = await app.request(`/v1/systems/${systemId}/oversight`, { headers: { authorization: `Bearer ${await tokenFor('ann')}` } });
    expect(oversight.status).toBe(200);
    const view = (await oversight.json()) as { periods: { period: string; figures: { decisions: number } }[]; findings: { kind: string }[] };
    expect(view.periods.at(-1)).toMatchObject({ period: month(), figures: { decisions: 3 } });
    expect(view.findings.map((f) => f.kind)).toEqual(['unapproved_version']);

    const from = new Date(Date.now() - 3_600_000).toISOString();
    const to = new Date(Date.now() + 3_600_000).toISOString();
    const exported = await app.request(`/v1/systems/${systemId}/decisions?from=${from}&to=${to}`, { headers: { authorization: `Bearer ${await tokenFor('ann')}` } });
    const body = await exported.text();
    expect(body.trim().split('\n')).toHaveLength(3);
    // Stable bytes: the same range exports the same digest.
    const again = await (await app.request(`/v1/systems/${systemId}/decisions?from=${from}&to=${to}`, { headers: { authorization: `Bearer ${await tokenFor('ann')}` } })).text();
    expect(createHash('sha256').update(again).digest('hex')).toBe(createHash('sha256').update(body).digest('hex'));
  });

  it('refuses a malformed batch whole, naming each bad record by index and field, and stores nothing of it', async () => {
    const systemId = await deployedSystem(t, 'http-trail-bad');
    const res = await post(await serviceToken('svc-test-decisions')(), {
      records: [record(systemId, 'fine-1'), record(systemId, 'bad-1', { inputDigest: 'Jane Doe' }), record(systemId, 'bad-2', { confidence: 3, patientName: 'x' })],
    });
    expect(res.status).toBe(400);
    const problem = (await res.json()) as { errors: { path: string }[] };
    expect(problem.errors.map((e) => e.path).sort()).toEqual(['records[1].inputDigest', 'records[2].confidence', 'records[2].patientName']);
    // A good batch after it goes through, and only it is stored.
    expect((await post(await serviceToken('svc-test-decisions')(), { records: [record(systemId, 'fine-2')] })).status).toBe(202);
    const counts = await eventually(() => t.store.counts(systemId, month()), (c) => c.decisions >= 1, 'the good record');
    expect(counts.decisions).toBe(1);
  });

  it.each([
    ['a service tied to another system', 'svc-credit-scoring', 403],
    ['a person, even an administrator', 'root-admin', 403],
  ])('refuses %s', async (_who, id, status) => {
    const token = id.startsWith('svc-') ? await serviceToken(id)() : await tokenFor(id);
    const res = await post(token, { records: [record('http-trail-someone', 'x-1')] });
    expect(res.status).toBe(status);
  });

  it('refuses a request without a token', async () => {
    const res = await app.request('/v1/decisions', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"records":[]}' });
    expect(res.status).toBe(401);
  });
});

