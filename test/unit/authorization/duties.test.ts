import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadPolicyPack, loadRoster } from '../../../adapters/policy-files.ts';
import { legacyDuties, may } from '../../../domain/authorization.ts';
import type { LifecycleState } from '../../../domain/lifecycle/state.ts';
import type { PolicyPack } from '../../../domain/policy-pack.ts';
import type { Roster } from '../../../domain/roster.ts';
import { assessRisk } from '../../../domain/assess-risk.ts';
import { decide } from '../../../domain/lifecycle/decide.ts';
import { evolve } from '../../../domain/lifecycle/evolve.ts';
import { initialState } from '../../../domain/lifecycle/state.ts';
import { Harness, loadTestPolicy, proposal } from '../lifecycle/fixtures.ts';
import { buildStages } from './matrix-world.ts';

const policyDir = fileURLToPath(new URL('../../../policies/', import.meta.url));

describe('separation of duties under the default pack (strict)', () => {
  let stages: Awaited<ReturnType<typeof buildStages>>;
  beforeAll(async () => {
    stages = await buildStages('ai-governance-code-2026');
  });

  it('ships the strict settings in the AI Governance Code pack', async () => {
    const pack = await loadPolicyPack(policyDir, 'ai-governance-code-2026');
    expect(pack.duties).toEqual({ proposerMayDeploy: false, ownerEvidenceSatisfiesCondition: false, blindVoting: true });
    expect(pack.testing).toBe(false);
  });

  it('refuses the owner own evidence and accepts a committee member accepting it', () => {
    const s = stages.approved;
    expect(may({ sub: 'rahul-k', roles: ['deployer'] }, 'satisfyCondition', s)).toMatchObject({ allowed: false, code: 'SEPARATION_OF_DUTIES' });
    expect(may({ sub: 'mei-lin', roles: ['proposer'] }, 'satisfyCondition', s)).toMatchObject({ allowed: false, code: 'SEPARATION_OF_DUTIES' });
    expect(may({ sub: 'zhang-min', roles: ['committee_member'] }, 'satisfyCondition', s)).toEqual({ allowed: true });
  });

  it('refuses a deployment recorded by the proposer, even holding the deployer role, and accepts the owner', () => {
    const s = stages.approved;
    expect(may({ sub: 'mei-lin', roles: ['proposer', 'deployer'] }, 'recordDeployment', s)).toMatchObject({ allowed: false, code: 'SEPARATION_OF_DUTIES' });
    expect(may({ sub: 'rahul-k', roles: ['deployer'] }, 'recordDeployment', s)).toEqual({ allowed: true });
  });

  it('keeps what a system assessed before packs carried duties was allowed to do', () => {
    const assessment = { ...stages.approved.assessment! };
    delete assessment.duties;
    const old: LifecycleState = { ...stages.approved, assessment };
    expect(legacyDuties).toEqual({ proposerMayDeploy: true, ownerEvidenceSatisfiesCondition: true, blindVoting: false });
    expect(may({ sub: 'rahul-k' }, 'satisfyCondition', old)).toEqual({ allowed: true });
    expect(may({ sub: 'mei-lin' }, 'recordDeployment', old)).toEqual({ allowed: true });
  });
});

describe('an owner who sits on the committee', () => {
  let policy: { pack: PolicyPack; roster: Roster };
  beforeAll(async () => {
    policy = await loadTestPolicy();
  });

  const owning = () => proposal({ sector: 'finance', owner: 'alice', oversight: { autonomy: 'advisory', canOverride: ['alice'], canStop: ['alice'] } });

  it('is recused from the round with the conflict recorded, and the quorum still comes from the rest', () => {
    const h = new Harness(policy, owning());
    expect(h.types().slice(-2)).toEqual(['review.opened', 'review.recusal_recorded']);
    expect(h.events.at(-1)).toEqual({ type: 'review.recusal_recorded', data: { round: 1, member: 'alice', conflict: 'alice owns the system under review' } });
    const round = h.state.review!;
    expect(round.expectedVoters).toEqual(['bob', 'carol', 'dave', 'chair-erin']);
    expect(round.minVotes).toBe(policy.pack.tiers.high.quorum.minVotes);
    expect(may({ sub: 'alice', roles: ['committee_member'] }, 'castVote', h.state)).toMatchObject({ allowed: false, code: 'OWN_SYSTEM' });
    const rest = round.expectedVoters.slice(0, round.minVotes);
    for (const m of rest.slice(0, -1)) h.vote(m, 'approve');
    expect(h.state.stage).toBe('in_review');
    h.vote(rest.at(-1)!, 'approve');
    expect(h.state.stage).toBe('approved');
  });

  it('is left out of the round without a record in runs started before the patch', () => {
    const p = owning();
    let s = initialState(p.systemId);
    for (const e of decide(s, { type: 'propose', proposal: p, policyPack: 'test', actor: p.proposer }, { now: 0 })) s = evolve(s, e);
    const assessed = { type: 'recordAssessment', assessment: assessRisk(p, policy.pack), roster: policy.roster } as const;
    expect(decide(s, assessed, { now: 0 }).map((e) => e.type)).toEqual(['risk.assessed', 'review.opened']);
    expect(decide(s, assessed, { now: 0, recordConflicts: true }).map((e) => e.type)).toEqual(['risk.assessed', 'review.opened', 'review.recusal_recorded']);
  });
});

describe('testing packs', () => {
  it.each(['test', 'bench'])('marks %s as a testing pack', async (name) => {
    expect((await loadPolicyPack(policyDir, name)).testing).toBe(true);
  });

  it('leaves every other shipped pack in force everywhere', async () => {
    for (const name of ['ai-governance-code-2026', 'eu-ai-act']) expect((await loadPolicyPack(policyDir, name)).testing).toBe(false);
    await loadRoster(`${policyDir}rosters`, 'test');
  });
});
