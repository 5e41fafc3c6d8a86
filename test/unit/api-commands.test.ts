import { describe, expect, it } from 'vitest';
import type { Role } from '../../domain/identity.ts';
import { apiHarness, body, exampleProposal, tokenFor } from './support/api-harness.ts';

const SYS = '/v1/systems/retail-credit-scoring';

/** An app with the credit-scoring proposal in review, and callers by name. */
async function inReview() {
  const h = await apiHarness();
  const who = async (sub: string, ...roles: Role[]) => h.as(await tokenFor(sub, ...roles));
  const mei = await who('mei-lin', 'proposer', 'deployer');
  expect((await mei.post('/v1/systems', exampleProposal('credit-scoring'))).status).toBe(201);
  const member = (sub: string) => who(sub, 'committee_member');
  const vote = async (sub: string, v = 'approve') =>
    (await member(sub)).post(`${SYS}/votes`, { vote: v, rationale: `${sub} read the assessment` });
  const eventCount = async () => (await h.governance.history('retail-credit-scoring')).length;
  return { ...h, who, mei, member, vote, eventCount };
}

describe('committee commands', () => {
  it('records a vote as the caller and returns the receipt', async () => {
    const { vote, governance } = await inReview();
    const res = await vote('alice');
    expect(res.status).toBe(200);
    expect(await body(res)).toMatchObject({
      systemId: 'retail-credit-scoring',
      stage: 'in_review',
      events: ['ai.governance.review.vote_cast.v1'],
    });
    expect((await governance.getState('retail-credit-scoring')).review?.votes).toEqual([
      { voter: 'alice', vote: 'approve', rationale: 'alice read the assessment' },
    ]);
  });

  it('refuses a body that tries to choose the actor', async () => {
    const { member, eventCount } = await inReview();
    const before = await eventCount();
    const res = await (await member('alice')).post(`${SYS}/votes`, { vote: 'approve', rationale: 'x', actor: 'bob' });
    expect(res.status).toBe(400);
    expect(await eventCount()).toBe(before);
  });

  it('refuses a vote without a rationale, naming the field', async () => {
    const { member } = await inReview();
    const res = await (await member('alice')).post(`${SYS}/votes`, { vote: 'approve' });
    expect(res.status).toBe(400);
    expect((await body(res)).errors).toEqual([expect.objectContaining({ path: 'rationale' })]);
  });

  it.each([
    ['a caller without a committee role', 'bob', ['proposer'], 403, 'FORBIDDEN'],
    ['the proposer, even with a committee role', 'mei-lin', ['committee_member'], 403, 'OWN_SYSTEM'],
    ['someone with no part in the system, as if it did not exist', 'zed', ['committee_member'], 404, 'NOT_FOUND'],
    ['an auditor with a committee role but no seat on its committee', 'zed', ['committee_member', 'auditor'], 403, 'NOT_ON_ROSTER'],
    ['an adviser', 'adviser-frank', ['committee_member'], 403, 'FORBIDDEN'],
  ] as const)('refuses a vote by %s and leaves no event', async (_what, sub, roles, status, code) => {
    const { who, eventCount } = await inReview();
    const before = await eventCount();
    const res = await (await who(sub, ...roles)).post(`${SYS}/votes`, { vote: 'approve', rationale: 'r' });
    expect(res.status).toBe(status);
    expect((await body(res)).code).toBe(code);
    expect(await eventCount()).toBe(before);
  });

  it('refuses a second vote by the same member with 409 ALREADY_VOTED', async () => {
    const { vote, eventCount } = await inReview();
    await vote('alice');
    const before = await eventCount();
    const res = await vote('alice', 'reject');
    expect(res.status).toBe(409);
    expect(await body(res)).toMatchObject({
      code: 'ALREADY_VOTED',
      detail: expect.stringMatching(/alice already voted/),
    });
    expect(await eventCount()).toBe(before);
  });

  it('records a recusal, after which the member cannot vote', async () => {
    const { member, vote } = await inReview();
    const res = await (await member('dave')).post(`${SYS}/recusals`, { conflict: 'I advised the lending team' });
    expect(res.status).toBe(200);
    expect((await body(res)).events).toEqual(['ai.governance.review.recusal_recorded.v1']);
    const after = await vote('dave');
    expect(after.status).toBe(409);
    expect((await body(after)).code).toBe('RECUSED');
  });

  it('shows a member what waits for them, and stops once they voted', async () => {
    const { member, vote } = await inReview();
    const pending = async (sub: string) =>
      (await body(await (await member(sub)).get('/v1/reviews/pending'))).items as { systemId: string }[];
    expect((await pending('alice')).map((p) => p.systemId)).toEqual(['retail-credit-scoring']);
    await vote('alice');
    expect(await pending('alice')).toEqual([]);
    expect(await pending('zed')).toEqual([]);
  });

  it('gives /v1/reviews/pending as an empty list to a caller without a committee role', async () => {
    const { mei } = await inReview();
    const res = await mei.get('/v1/reviews/pending');
    expect(res.status).toBe(200);
    expect((await body(res)).items).toEqual([]);
  });
});

describe('from approval to retirement', () => {
  /** Three approvals: the credit system is approved with a condition due before deployment. */
  async function approved() {
    const h = await inReview();
    for (const m of ['alice', 'bob', 'carol']) expect((await h.vote(m)).status).toBe(200);
    expect((await h.governance.getState('retail-credit-scoring')).stage).toBe('approved');
    return h;
  }

  it('refuses deployment while a condition due before deployment is open, then deploys once evidence is in', async () => {
    const { mei, who, eventCount } = await approved();
    const rahul = await who('rahul-k', 'deployer');
    const before = await eventCount();
    const byProposer = await mei.post(`${SYS}/deployments`, { environment: 'production', version: '3.2.0' });
    expect(byProposer.status).toBe(403);
    expect((await body(byProposer)).code).toBe('SEPARATION_OF_DUTIES');
    const early = await rahul.post(`${SYS}/deployments`, { environment: 'production', version: '3.2.0' });
    expect(early.status).toBe(409);
    expect((await body(early)).code).toBe('CONDITIONS_OPEN');
    expect(await eventCount()).toBe(before);

    const ev = await mei.post(`${SYS}/conditions/bias-audit/evidence`, { evidence: 'audit report BA-2026-01' });
    expect(ev.status).toBe(200);
    expect((await body(ev)).events).toEqual(['ai.governance.condition.satisfied.v1']);
    const dep = await rahul.post(`${SYS}/deployments`, { environment: 'production', version: '3.2.0' });
    expect(dep.status).toBe(200);
    expect(await body(dep)).toMatchObject({ stage: 'deployed', events: ['ai.governance.system.deployed.v1'] });
  });

  it('refuses a body naming a deployer, naming the field', async () => {
    const { mei, eventCount } = await approved();
    await mei.post(`${SYS}/conditions/bias-audit/evidence`, { evidence: 'audit report' });
    const before = await eventCount();
    const res = await mei.post(`${SYS}/deployments`, { environment: 'production', version: '3.2.0', deployer: 'bob' });
    expect(res.status).toBe(400);
    expect((await body(res)).errors).toEqual([expect.objectContaining({ path: 'deployer' })]);
    expect(await eventCount()).toBe(before);
  });

  it('records the caller as the deployer and requires the deployer role', async () => {
    const { mei, who, governance } = await approved();
    await mei.post(`${SYS}/conditions/bias-audit/evidence`, { evidence: 'audit report' });
    const ownerWithoutRole = await who('rahul-k', 'proposer');
    expect(
      (await ownerWithoutRole.post(`${SYS}/deployments`, { environment: 'production', version: '3.2.0' })).status,
    ).toBe(403);
    await (await who('rahul-k', 'deployer')).post(`${SYS}/deployments`, { environment: 'production', version: '3.2.0' });
    expect((await governance.getState('retail-credit-scoring')).running).toEqual({
      environment: 'production',
      version: '3.2.0',
      deployer: 'rahul-k',
    });
  });

  it('records an incident, a modification request and a retirement on a deployed system', async () => {
    const { mei, who } = await approved();
    await mei.post(`${SYS}/conditions/bias-audit/evidence`, { evidence: 'audit report' });
    await (await who('rahul-k', 'deployer')).post(`${SYS}/deployments`, { environment: 'production', version: '3.2.0' });

    const inc = await mei.post(`${SYS}/incidents`, {
      severity: 'minor',
      description: 'a batch scored twice',
      affectedPeople: 3,
      causalLinkAt: '2026-06-01T12:00:00Z',
    });
    expect(inc.status).toBe(200);
    expect((await body(inc)).events).toContain('ai.governance.incident.reported.v1');

    const mod = await mei.post(`${SYS}/modifications`, { version: '4.0.0', description: 'retrained on 2026 data' });
    expect(mod.status).toBe(200);
    expect((await body(mod)).events[0]).toBe('ai.governance.system.modification_requested.v1');

    const notOwner = await mei.post(`${SYS}/retirement`, { reason: 'replaced by a new product' });
    expect(notOwner.status).toBe(403);
    expect((await body(notOwner)).detail).toMatch(/only the owner or the committee chair/);
    const owner = await who('rahul-k', 'proposer');
    const ret = await owner.post(`${SYS}/retirement`, { reason: 'replaced by a new product' });
    expect(ret.status).toBe(200);
    expect(await body(ret)).toMatchObject({ stage: 'retired' });
    const late = await mei.post(`${SYS}/incidents`, {
      severity: 'minor',
      description: 'after retirement',
      affectedPeople: 0,
      causalLinkAt: '2026-06-01T12:00:00Z',
    });
    expect(late.status).toBe(409);
    expect((await body(late)).code).toBe('WRONG_STAGE');
  });

  it('refuses a transparency report for a system that owes none, with the reason', async () => {
    const { mei } = await approved();
    const res = await mei.post(`${SYS}/transparency-reports`, {
      changes: 'none',
      trainingDataSummary: {
        general: { modelName: 'm', modelVersion: '1', modalities: ['text'], size: '1GB', dataCutoff: '2026-01-01' },
        sources: { public: true, licensed: false, user: false, synthetic: false, webTopDomains: [] },
        processing: { copyrightOptOutsHonoured: true, illegalContentRemoved: true },
      },
    });
    expect([403, 409]).toContain(res.status);
    expect((await body(res)).detail).toEqual(expect.any(String));
  });
});

describe('amending after a request for changes', () => {
  it('accepts an amendment from the proposer and reassesses', async () => {
    const { vote, mei, governance } = await inReview();
    for (const m of ['alice', 'bob', 'carol']) await vote(m, 'request_changes');
    expect((await governance.getState('retail-credit-scoring')).stage).toBe('changes_requested');
    const res = await mei.post(`${SYS}/amendments`, {
      changes: { purpose: 'Score applications; an underwriter decides every case.' },
    });
    expect(res.status).toBe(200);
    expect((await body(res)).events).toContain('ai.governance.system.amended.v1');
    const state = await governance.getState('retail-credit-scoring');
    expect(state.proposal?.purpose).toMatch(/underwriter decides/);
    expect(state.stage).toBe('in_review');
  });

  it('refuses an empty amendment with 400', async () => {
    const { mei } = await inReview();
    const res = await mei.post(`${SYS}/amendments`, { changes: {} });
    expect(res.status).toBe(400);
  });
});

describe('transparency reports', () => {
  it('accepts the report of a deployed large-scale generative system from its proposer', async () => {
    const h = await apiHarness();
    const ana = h.as(await tokenFor('ana-perez', 'proposer', 'deployer'));
    const chatbot = exampleProposal('generative-chatbot');
    const sys = `/v1/systems/${String(chatbot.systemId)}`;
    expect((await ana.post('/v1/systems', chatbot)).status).toBe(201);
    for (const m of ['alice', 'bob', 'carol', 'dave']) {
      if ((await h.governance.getState(String(chatbot.systemId))).stage !== 'in_review') break;
      await h.as(await tokenFor(m, 'committee_member')).post(`${sys}/votes`, { vote: 'approve', rationale: 'ok' });
    }
    for (const c of (await h.governance.getState(String(chatbot.systemId))).conditions) {
      expect((await ana.post(`${sys}/conditions/${c.id}/evidence`, { evidence: 'done' })).status).toBe(200);
    }
    const version = (chatbot.model as { version: string }).version; // only the approved version may deploy
    const owner = h.as(await tokenFor('digital-services-lead', 'deployer'));
    expect((await body(await owner.post(`${sys}/deployments`, { environment: 'production', version }))).stage).toBe(
      'deployed',
    );
    const res = await ana.post(`${sys}/transparency-reports`, {
      changes: 'No changes to the training data this period.',
      trainingDataSummary: chatbot.trainingDataSummary,
    });
    expect(res.status).toBe(200);
    expect((await body(res)).events).toContain('ai.governance.report.transparency_submitted.v1');
  });
});

describe('staffing retries', () => {
  it('are for administrators only, and refused while every review is staffed', async () => {
    const { who, eventCount } = await inReview();
    const before = await eventCount();
    const chair = await who('chair-erin', 'chair', 'committee_member', 'proposer', 'deployer', 'auditor');
    expect((await chair.post(`${SYS}/staffing-retries`, {})).status).toBe(403);
    const admin = await who('root-admin', 'admin');
    const res = await admin.post(`${SYS}/staffing-retries`, { note: 'roster fixed' });
    expect(res.status).toBe(409);
    expect((await body(res)).code).toBe('WRONG_STAGE');
    expect(await eventCount()).toBe(before);
    const unstaffed = await admin.get('/v1/reviews/unstaffed');
    expect(unstaffed.status).toBe(200);
    expect((await body(unstaffed)).items).toEqual([]);
  });
});
