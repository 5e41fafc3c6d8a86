import { describe, expect, it } from 'vitest';
import type { Role } from '../../../domain/identity.ts';
import { apiHarness, body, exampleProposal, tokenFor } from '../support/api-harness.ts';

const SYS = '/v1/systems/retail-credit-scoring';

/** The credit-scoring system (committee alice, bob, carol, dave, chair-erin, adviser-frank) in review. */
async function inReview() {
  const h = await apiHarness();
  const who = async (sub: string, ...roles: Role[]) => h.as(await tokenFor(sub, ...roles));
  expect((await (await who('mei-lin', 'proposer')).post('/v1/systems', exampleProposal('credit-scoring'))).status).toBe(201);
  const vote = async (m: string, v = 'approve') =>
    expect((await (await who(m, 'committee_member')).post(`${SYS}/votes`, { vote: v, rationale: `${m}'s reasons` })).status).toBe(200);
  return { ...h, who, vote };
}

describe('reads are scoped to the people of the system', () => {
  it.each([
    ['its proposer', 'mei-lin', ['proposer'], true],
    ['its owner', 'rahul-k', ['deployer'], true],
    ['a member of its committee', 'dave', ['committee_member'], true],
    ['its adviser', 'adviser-frank', ['committee_member'], true],
    ['an auditor', 'ann', ['auditor'], true],
    ['an admin', 'root', ['admin'], true],
    ['another proposer', 'pat', ['proposer'], false],
    ['a member of no committee of it', 'zed', ['committee_member', 'chair'], false],
  ] as const)('%s: system, events, list and pending answer alike', async (_who, sub, roles, sees) => {
    const { who } = await inReview();
    const as = await who(sub, ...roles);
    const system = await as.get(SYS);
    const events = await as.get(`${SYS}/events`);
    expect([system.status, events.status]).toEqual(sees ? [200, 200] : [404, 404]);
    if (!sees) expect((await body(system)).detail).toBe('no system retail-credit-scoring');
    const listed = (await body(await as.get('/v1/systems'))).items.map((i: { systemId: string }) => i.systemId);
    expect(listed).toEqual(sees ? ['retail-credit-scoring'] : []);
  });

  it('refuses a token that carries no role at all, whoever holds it, the same for every system', async () => {
    const { who } = await inReview();
    const none = await who('mei-lin');
    for (const path of [SYS, `${SYS}/events`, '/v1/systems/no-such-system', '/v1/systems']) expect((await none.get(path)).status).toBe(403);
  });

  it('lists to a committee member only the rounds of committees they sit on', async () => {
    const { who } = await inReview();
    expect((await body(await (await who('dave', 'committee_member')).get('/v1/reviews/pending'))).items).toHaveLength(1);
    expect((await body(await (await who('zed', 'committee_member')).get('/v1/reviews/pending'))).items).toEqual([]);
  });
});

describe('blind voting (on in the test and default packs)', () => {
  it('shows members that others voted, not how or why, until the round closes', async () => {
    const { who, vote } = await inReview();
    await vote('alice');
    await vote('bob', 'request_changes');
    const review = async (sub: string, ...roles: Role[]) => (await body(await (await who(sub, ...roles)).get(SYS))).review;
    const seenByAlice = await review('alice', 'committee_member');
    expect(seenByAlice.blind).toBe(true);
    expect(seenByAlice.votes).toEqual([
      { voter: 'alice', vote: 'approve', rationale: "alice's reasons" },
      { voter: 'bob', vote: null, rationale: null },
    ]);
    for (const [sub, role] of [['carol', 'committee_member'], ['ann', 'auditor'], ['mei-lin', 'proposer']] as const) {
      expect((await review(sub, role)).votes.map((v: { vote: unknown }) => v.vote)).toEqual([null, null]);
    }
    const events = (await body(await (await who('carol', 'committee_member')).get(`${SYS}/events`))).events;
    const votes = events.filter((e: { type: string }) => e.type.endsWith('vote_cast.v1'));
    expect(votes.map((e: { data: unknown }) => e.data)).toEqual([
      { round: 1, voter: 'alice', vote: null, rationale: null, redacted: true },
      { round: 1, voter: 'bob', vote: null, rationale: null, redacted: true },
    ]);
  });

  it('reveals every vote and rationale once the round has closed', async () => {
    const { who, vote } = await inReview();
    for (const m of ['alice', 'bob', 'carol']) await vote(m);
    const carol = await who('carol', 'committee_member');
    expect((await body(await carol.get(SYS))).review).toBeNull();
    const votes = (await body(await carol.get(`${SYS}/events`))).events.filter((e: { type: string }) => e.type.endsWith('vote_cast.v1'));
    expect(votes.map((e: { data: { vote: string } }) => e.data.vote)).toEqual(['approve', 'approve', 'approve']);
  });
});
