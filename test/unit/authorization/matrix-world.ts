import type { LifecycleState } from '../../../domain/lifecycle/state.ts';
import type { Role } from '../../../domain/identity.ts';
import { apiHarness, exampleProposal } from '../support/api-harness.ts';

export const SYSTEM = 'retail-credit-scoring';
/** The in-memory client's clock, which the direct `decide` calls must share. */
export const NOW = Date.parse('2026-06-01T12:00:00Z');

/** Every role set the matrix tries: none, each role alone. */
export const roleSets: readonly (readonly Role[])[] = [[], ['proposer'], ['deployer'], ['committee_member'], ['chair'], ['auditor'], ['admin']];

/** How a person stands to the credit-scoring system, and who that is under each pack's roster. */
export type Relation = 'proposer' | 'owner' | 'voter' | 'chair' | 'adviser' | 'stranger';
export const relations: readonly Relation[] = ['proposer', 'owner', 'voter', 'chair', 'adviser', 'stranger'];

/** The people of each pack's roster in each relation (the proposal names mei-lin as proposer, rahul-k as owner). */
export const people: Record<string, Record<Relation, string>> = {
  test: { proposer: 'mei-lin', owner: 'rahul-k', voter: 'alice', chair: 'chair-erin', adviser: 'adviser-frank', stranger: 'zed' },
  'ai-governance-code-2026': { proposer: 'mei-lin', owner: 'rahul-k', voter: 'zhang-min', chair: 'chair-li', adviser: 'adviser-huang', stranger: 'zed' },
};

export type StageName = 'in_review' | 'approved' | 'deployed' | 'retired';
export const stageNames: readonly StageName[] = ['in_review', 'approved', 'deployed', 'retired'];

/** The credit-scoring system brought to each stage under a pack, by the people the rules allow. */
export async function buildStages(pack: string): Promise<Record<StageName, LifecycleState>> {
  const h = await apiHarness({ pack });
  const gov = h.governance;
  const who = people[pack]!;
  await gov.startLifecycle(exampleProposal('credit-scoring'), { actor: who.proposer });
  const state = () => gov.getState(SYSTEM);
  const inReview = structuredClone(await state());
  for (const voter of inReview.review!.expectedVoters) {
    if ((await state()).stage !== 'in_review') break;
    await gov.castVote(SYSTEM, { actor: voter, vote: 'approve', rationale: 'fit for purpose' });
  }
  const approved = structuredClone(await state());
  for (const c of approved.conditions.filter((x) => x.dueBefore === 'deployment')) {
    await gov.satisfyCondition(SYSTEM, { actor: who.voter, conditionId: c.id, evidence: 'audit report' });
  }
  await gov.recordDeployment(SYSTEM, { actor: who.owner, environment: 'production', version: '3.2.0', deployer: who.owner });
  const deployed = structuredClone(await state());
  await gov.retire(SYSTEM, { actor: who.owner, reason: 'replaced' });
  const retired = structuredClone(await state());
  return { in_review: inReview, approved, deployed, retired };
}
