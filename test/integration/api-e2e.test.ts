import { Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../api/app.ts';
import type { Role } from '../../domain/identity.ts';
import type { UpdateName } from '../../domain/lifecycle/commands.ts';
import { commandOf, decided, probesFor } from '../support/authorization-probes.ts';
import { createReadiness } from '../../api/readiness.ts';
import { readSystemEvents } from '../../client/audit.ts';
import { verifyAttestation } from '../../events/attestation.ts';
import { verifyChain } from '../../events/chain.ts';
import { trustedKeysFromJwks } from '../../events/keyring.ts';
import type { GovernanceEvent } from '../../events/envelope.ts';
import { issuerAuthenticator, tokenFor } from './helpers/issuer.ts';
import { testKafka } from './helpers/kafka.ts';
import { startReadSide, type RunningReadSide } from './helpers/read-side.ts';
import { testConfig } from './helpers/temporal.ts';
import {
  acceptedUpdates,
  openLifecycleEnv,
  recordHistory,
  shortTypes,
  systemEvents,
  testProposal,
  type LifecycleEnv,
} from './lifecycle-helpers.ts';
import { testEventKeys } from '../support/test-keys.ts';

let env: LifecycleEnv;
let read: RunningReadSide;
let app: ReturnType<typeof createApp>;
let close: () => Promise<void>;

beforeAll(async () => {
  env = await openLifecycleEnv('api-e2e');
  read = await startReadSide(env.topic);
  const temporal = await Connection.connect({ address: testConfig.GOVFLOW_TEMPORAL_ADDRESS });
  const kafkaAdmin = testKafka.admin();
  await kafkaAdmin.connect();
  app = createApp({
    governance: env.gov,
    readSide: read.readSide,
    history: (systemId) => readSystemEvents({ kafka: testKafka, topic: env.topic, systemId }),
    eventKeys: testEventKeys,
    attestations: { signer: testEventKeys.signer, trusted: testEventKeys.trusted },
    auth: issuerAuthenticator(),
    readiness: createReadiness({ temporal, kafkaAdmin }),
  });
  close = async () => {
    await read.close();
    await kafkaAdmin.disconnect();
    await temporal.close();
    await env.close();
  };
});
afterAll(async () => {
  await close?.();
});

/** Calls the real app as a roster person, with the token the local issuer gives them. */
const as = (account: string) => {
  const token = tokenFor(account);
  const headers = async () => ({ authorization: `Bearer ${await token}`, 'content-type': 'application/json' });
  return {
    get: async (path: string) => app.request(path, { headers: await headers() }),
    post: async (path: string, body: unknown) =>
      app.request(path, { method: 'POST', headers: await headers(), body: JSON.stringify(body) }),
  };
};
const json = async (res: Response) => (await res.json()) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Polls GET /v1/systems/{id} until `ok` holds. */
async function waitForStage(id: string, ok: (stage: string) => boolean): Promise<Record<string, unknown>> {
  const reader = as('ann');
  const until = Date.now() + 60_000;
  for (;;) {
    const state = await json(await reader.get(`/v1/systems/${id}`));
    if (ok(String(state.stage))) return state;
    if (Date.now() > until) throw new Error(`timed out waiting for ${id}: stage ${String(state.stage)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('the HTTP API on the real stack', () => {
  it('answers a slice of the authorisation matrix as the workflow decides, leaving refusals out of history', async () => {
    const proposal = { ...testProposal('minimal', 'api-authz'), proposer: 'mei-lin' };
    const id = proposal.systemId;
    expect((await as('mei-lin').post('/v1/systems', proposal)).status).toBe(201);
    await waitForStage(id, (s) => s === 'in_review');
    const probes = new Map(probesFor('none', id, '1.0.0', new Date().toISOString()).map((p) => [p.action, p]));
    // The roles each account's token carries (policies/accounts/people.yaml and the test roster).
    const roles: Record<string, Role[]> = {
      'mei-lin': ['proposer', 'deployer', 'committee_member'], olga: ['deployer'], 'ana-perez': ['proposer', 'deployer'],
      alice: ['committee_member'], bob: ['committee_member'], 'adviser-frank': ['committee_member'], 'chair-erin': ['chair'],
    };
    const slice = async (cases: [string, UpdateName, string][]) => {
      for (const [sub, action, answer] of cases) {
        const before = await env.gov.getState(id);
        const updates = (await acceptedUpdates(env.client, id)).length;
        const p = probes.get(action)!;
        const res = await as(sub).post(p.path, p.body);
        const api = res.status === 200 ? 'allowed' : String((await json(res)).code);
        const where = `${sub} ${action} at ${before.stage}`;
        expect(api, where).toBe(answer);
        expect(decided(before, commandOf(p, sub, roles[sub]!), Date.now()), `decide: ${where}`).toBe(answer);
        if (answer !== 'allowed') expect((await acceptedUpdates(env.client, id)).length, `${where} left no update`).toBe(updates);
      }
    };
    await slice([
      ['ana-perez', 'recordDeployment', 'NOT_FOUND'],
      ['mei-lin', 'castVote', 'OWN_SYSTEM'],
      ['olga', 'castVote', 'FORBIDDEN'],
      ['adviser-frank', 'castVote', 'FORBIDDEN'],
      ['alice', 'castVote', 'allowed'],
    ]);
    await waitForStage(id, (s) => s === 'approved');
    await slice([
      ['mei-lin', 'recordDeployment', 'SEPARATION_OF_DUTIES'],
      ['olga', 'recordDeployment', 'allowed'],
      ['bob', 'reportIncident', 'allowed'],
      ['mei-lin', 'retire', 'FORBIDDEN'],
      ['ana-perez', 'recordDeployment', 'NOT_FOUND'],
    ]);
    expect((await as('sam-lee').get(`/v1/systems/${id}`)).status).toBe(404);
    expect((await as('sam-lee').get(`/v1/systems/${id}/events`)).status).toBe(404);
    await slice([['chair-erin', 'retire', 'allowed']]);
  });

  it('recuses an owner who sits on the committee, with the conflict recorded, and keeps the open round blind', async () => {
    const proposal = { ...testProposal('high', 'api-conflict'), owner: 'alice' };
    const id = proposal.systemId;
    const sys = `/v1/systems/${id}`;
    expect((await as('pat').post('/v1/systems', proposal)).status).toBe(201);
    const opened = await waitForStage(id, (s) => s === 'in_review');
    const review = opened.review as { expectedVoters: string[]; minVotes: number; recusals: unknown[]; blind: boolean };
    expect(review.expectedVoters).not.toContain('alice');
    expect(review.recusals).toEqual([{ member: 'alice', conflict: 'alice owns the system under review' }]);
    expect((await as('alice').post(`${sys}/votes`, { vote: 'approve', rationale: 'mine' })).status).toBe(403);

    expect((await as('bob').post(`${sys}/votes`, { vote: 'approve', rationale: 'bob: fine' })).status).toBe(200);
    const seenByCarol = await json(await as('carol').get(sys));
    expect(seenByCarol.review).toMatchObject({ blind: true, votes: [{ voter: 'bob', vote: null, rationale: null }] });
    const viaApi = (await json(await as('ann').get(`${sys}/events`))).events as GovernanceEvent[];
    expect(viaApi.find((e) => e.type.endsWith('vote_cast.v1'))?.data).toMatchObject({ voter: 'bob', vote: null, redacted: true });
    // The topic is for the enterprise systems: it carries the vote whole, and the chain holds.
    const onTopic = await systemEvents(env.topic, id, 5);
    expect(shortTypes(onTopic)).toEqual(['system.proposed', 'risk.assessed', 'review.opened', 'review.recusal_recorded', 'review.vote_cast']);
    expect(onTopic.at(-1)?.data).toEqual({ round: 1, voter: 'bob', vote: 'approve', rationale: 'bob: fine' });
    expect(verifyChain(onTopic, { keys: testEventKeys.trusted }).ok).toBe(true);

    // The quorum comes from the rest of the committee: bob's vote alone does not decide a high-tier round.
    for (const m of review.expectedVoters.filter((v) => v !== 'bob').slice(0, review.minVotes - 1)) {
      expect((await as(m).post(`${sys}/votes`, { vote: 'approve', rationale: `${m}: fine` })).status).toBe(200);
    }
    const closed = await waitForStage(id, (s) => s === 'approved');
    expect(closed.review).toBeNull();
    const revealed = (await json(await as('carol').get(`${sys}/events`))).events as GovernanceEvent[];
    expect(revealed.find((e) => e.type.endsWith('vote_cast.v1'))?.data).toMatchObject({ voter: 'bob', vote: 'approve' });
    await recordHistory(env.client, id, 'owner-on-committee-recused');
  });

  it('reports Temporal and Kafka ready through the real probes', async () => {
    const res = await app.request('/readyz');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ready', temporal: true, kafka: true });
  });

  it('takes a high-tier proposal through three votes to deployment, refusing forbidden votes without a trace', async () => {
    const proposal = testProposal('high', 'api-e2e');
    const id = proposal.systemId;
    const sys = `/v1/systems/${id}`;

    const created = await as('pat').post('/v1/systems', proposal);
    expect(created.status).toBe(201);
    expect(await json(created)).toMatchObject({ systemId: id, workflowId: `ai-system:${id}` });
    expect((await as('pat').post('/v1/systems', proposal)).status).toBe(409);
    expect((await waitForStage(id, (s) => s === 'in_review')).tier).toBe('high');

    const pending = await json(await as('alice').get('/v1/reviews/pending'));
    expect((pending.items as { systemId: string }[]).map((p) => p.systemId)).toContain(id);

    const vote = (sub: string) =>
      as(sub).post(`${sys}/votes`, {
        vote: 'approve',
        rationale: `${sub}: evidence is sufficient`,
      });
    expect((await vote('alice')).status).toBe(200);

    // Refusals: the proposer votes on their own system, alice votes twice, a member of another committee votes.
    const own = await as('pat').post(`${sys}/votes`, { vote: 'approve', rationale: 'mine' });
    expect(own.status).toBe(403);
    expect(await json(own)).toMatchObject({ code: 'OWN_SYSTEM', type: 'urn:govflow:problem:own-system' });
    const twice = await vote('alice');
    expect(twice.status).toBe(409);
    expect((await json(twice)).code).toBe('ALREADY_VOTED');
    expect((await vote('chen-jie')).status).toBe(404); // on another roster: no part in this system, as if it did not exist

    expect((await vote('bob')).status).toBe(200);
    const third = await json(await vote('carol'));
    expect(third).toMatchObject({ stage: 'approved', events: ['ai.governance.review.vote_cast.v1', 'ai.governance.system.approved.v1'] });

    const olga = as('olga');
    const early = await olga.post(`${sys}/deployments`, { environment: 'production', version: '1.0.0' });
    expect(early.status).toBe(409);
    expect(await json(early)).toMatchObject({ code: 'CONDITIONS_OPEN', detail: expect.stringContaining('bias-audit') });
    expect((await olga.post(`${sys}/conditions/bias-audit/evidence`, { evidence: 'Audit report 42.' })).status).toBe(
      200,
    );
    const deployed = await json(await olga.post(`${sys}/deployments`, { environment: 'production', version: '1.0.0' }));
    expect(deployed).toMatchObject({ stage: 'deployed', events: ['ai.governance.system.deployed.v1'] });
    // The deployment pipeline's check: the attestation verifies offline with only the exported public keys.
    const attestation = await json(await olga.get(`${sys}/attestation`));
    const offline = verifyAttestation(JSON.parse(JSON.stringify(attestation)), trustedKeysFromJwks(testEventKeys.jwks()), {
      now: Date.now(),
      version: '1.0.0',
    });
    expect(offline.ok ? offline.statement.predicate.status : offline.reasons).toBe('deployed');
    expect(verifyAttestation(attestation, trustedKeysFromJwks(testEventKeys.jwks()), { now: Date.now(), version: '2.0.0' }).ok).toBe(false);

    const expected = [
      'system.proposed',
      'risk.assessed',
      'review.opened',
      'review.vote_cast',
      'review.vote_cast',
      'review.vote_cast',
      'system.approved',
      'condition.satisfied',
      'system.deployed',
    ];
    // On the topic, read by a kafkajs consumer: exactly the accepted steps, chained, votes only by the three.
    const onTopic = await systemEvents(env.topic, id, expected.length);
    expect(shortTypes(onTopic).filter((t) => !t.startsWith('review.reminder') && t !== 'review.escalated' && t !== 'condition.overdue')).toEqual(
      expected,
    );
    expect(verifyChain(onTopic, { keys: testEventKeys.trusted }).ok).toBe(true);
    const voters = (events: GovernanceEvent[]) =>
      events.filter((e) => e.type.endsWith('vote_cast.v1')).map((e) => (e.data as { voter: string }).voter);
    expect(voters(onTopic)).toEqual(['alice', 'bob', 'carol']);
    expect(onTopic.find((e) => e.type.endsWith('system.deployed.v1'))?.actor).toBe('olga');

    // Through the API's own history endpoint, and in the workflow history: the refused votes left nothing.
    const history = (await json(await as('ann').get(`${sys}/events`))).events as GovernanceEvent[];
    expect(history.map((e) => e.id)).toEqual(onTopic.map((e) => e.id));
    expect(voters(history)).toEqual(['alice', 'bob', 'carol']);
    const accepted = await acceptedUpdates(env.client, id);
    expect(accepted.filter((u) => u.name === 'castVote').map((u) => u.actor)).toEqual(['alice', 'bob', 'carol']);

    // Listed through the search attributes (visibility is eventually consistent).
    await expect
      .poll(
        async () =>
          (
            (await json(await as('ann').get('/v1/systems?owner=olga&stage=deployed&tier=high&pageSize=200'))).items as {
              systemId: string;
            }[]
          ).map((s) => s.systemId),
        { timeout: 15_000 },
      )
      .toContain(id);
  });

  it('answers 404 for a system that does not exist', async () => {
    const res = await as('ann').get('/v1/systems/no-such-system-here');
    expect(res.status).toBe(404);
    expect((await json(res)).code).toBe('NOT_FOUND');
  });
});
