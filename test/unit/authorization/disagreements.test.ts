import { describe, expect, it } from 'vitest';
import { apiHarness, body, exampleProposal, tokenFor } from '../support/api-harness.ts';
import type { Role } from '../../../domain/identity.ts';

const SYS = '/v1/systems/retail-credit-scoring';

/** The credit-scoring system approved, its condition met and deployed by its owner, under the test pack. */
async function deployed() {
  const h = await apiHarness();
  const who = async (sub: string, ...roles: Role[]) => h.as(await tokenFor(sub, ...roles));
  expect((await (await who('mei-lin', 'proposer')).post('/v1/systems', exampleProposal('credit-scoring'))).status).toBe(201);
  for (const m of ['alice', 'bob', 'carol']) {
    expect((await (await who(m, 'committee_member')).post(`${SYS}/votes`, { vote: 'approve', rationale: 'ok' })).status).toBe(200);
  }
  const owner = await who('rahul-k', 'deployer');
  expect((await owner.post(`${SYS}/conditions/bias-audit/evidence`, { evidence: 'audit' })).status).toBe(200);
  expect((await owner.post(`${SYS}/deployments`, { environment: 'production', version: '3.2.0' })).status).toBe(200);
  const events = async () => (await h.governance.history('retail-credit-scoring')).length;
  return { ...h, who, events };
}

const incident = { severity: 'minor', description: 'a batch scored twice', affectedPeople: 2, causalLinkAt: '2026-06-01T12:00:00Z' };

describe('the three places where the route and the domain used to disagree', () => {
  it('refuses a deployer who is not accountable for the system before anything is sent, as if it did not exist', async () => {
    const { who, events } = await deployed();
    const before = await events();
    const res = await (await who('dan-deployer', 'deployer')).post(`${SYS}/deployments`, { environment: 'staging', version: '3.2.0' });
    expect(res.status).toBe(404);
    const unknown = await (await who('dan-deployer', 'deployer')).post('/v1/systems/no-such-system/deployments', { environment: 'staging', version: '3.2.0' });
    const strip = (p: Record<string, unknown>) => ({ ...p, detail: String(p.detail).replace(/\S+$/, '<id>'), instance: undefined });
    expect(strip(await body(res))).toEqual(strip(await body(unknown))); // the same answer as for no system at all
    expect(await events()).toBe(before);
  });

  it("accepts an incident reported by a member of the system's committee", async () => {
    const { who } = await deployed();
    const res = await (await who('bob', 'committee_member')).post(`${SYS}/incidents`, incident);
    expect(res.status).toBe(200);
    expect((await body(res)).events).toContain('ai.governance.incident.reported.v1');
  });

  it('refuses retirement by a proposer who is not the owner, and accepts it from the owner or the chair', async () => {
    const { who, events } = await deployed();
    const before = await events();
    const byProposer = await (await who('mei-lin', 'proposer')).post(`${SYS}/retirement`, { reason: 'replaced' });
    expect(byProposer.status).toBe(403);
    expect(await body(byProposer)).toMatchObject({ code: 'FORBIDDEN', detail: expect.stringMatching(/only the owner or the committee chair/) });
    expect(await events()).toBe(before);
    const byChair = await (await who('chair-erin', 'chair')).post(`${SYS}/retirement`, { reason: 'replaced' });
    expect(await body(byChair)).toMatchObject({ stage: 'retired' });
  });
});
