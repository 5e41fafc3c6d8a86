import type { ReadDb } from '../adapters/read-db/read-db.ts';
import { writeSystemRows } from '../consumer/read-side/writer.ts';
import { initialState, type LifecycleState } from '../domain/lifecycle/state.ts';
import type { Proposal } from '../domain/proposal.ts';

/** The committee of every simulated round; `alice` is expected in all of them (the worst inbox). */
export const FLEET_MEMBERS = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'grace'];

/** An open high-tier system in its first round, as the read side holds it (one of the seven has voted). */
export function openSystem(n: number): LifecycleState {
  const systemId = `bench-sys-${n}`;
  const members = FLEET_MEMBERS.map((id) => ({ id, roles: id === 'erin' ? (['chair'] as const) : (['member'] as const) }));
  const proposal = {
    systemId, name: `Bench system ${n}`, ownerTeam: `Team ${n % 40}`, proposer: `proposer-${n % 200}`, owner: `owner-${n % 100}`,
    sector: (['finance', 'healthcare', 'education', 'other'] as const)[n % 4], purpose: `Scores applications, batch ${n}.`,
    deploymentContext: 'Back office.', practices: [], affected: { monthlyUsers: 1000, minors: false, vulnerableGroups: false },
    model: { type: 'classifier', version: '1.0.0', largeScale: false }, oversight: { autonomy: 'advisory', canOverride: [], canStop: [] },
    dataCategories: [], evidence: {},
  } as unknown as Proposal;
  const at = new Date(Date.UTC(2026, 0, 1) + n * 60_000).toISOString();
  return {
    ...initialState(systemId), stage: 'in_review', tier: 'high', policyPack: 'ai-governance-code-2026', proposal,
    proposedAt: at, committee: members.map((m) => ({ id: m.id, roles: [...m.roles] })), rounds: 1, sequence: 4, lastHash: 'ab'.repeat(32),
    review: {
      round: 1, purpose: 'initial', committee: 'ethics', members: members.map((m) => ({ id: m.id, roles: [...m.roles] })),
      expectedVoters: FLEET_MEMBERS, minVotes: 5, approvalShare: 0.5, minDistinctApprovers: 3, opensAt: at,
      // Deadlines spread over a year, not in proposal order, so the inbox's order is not the insertion order.
      deadline: new Date(Date.parse(at) + ((n * 7919) % 365) * 86_400_000).toISOString(), reminderTimes: [], urgent: false,
      votes: [{ voter: 'grace', vote: 'approve', rationale: 'Sound.' }], recusals: [], remindersSent: 0, escalated: false,
    },
  };
}

/** Writes systems `[from, to)` of the simulated fleet as the projection would, 500 to a transaction. */
export async function seedFleet(db: ReadDb, from: number, to: number): Promise<void> {
  for (let start = from; start < to; start += 500) {
    await db.transaction(async (tx) => {
      for (let n = start; n < Math.min(to, start + 500); n += 1) {
        const s = openSystem(n);
        await writeSystemRows(tx, s, { startedAt: s.proposedAt!, updatedAt: s.proposedAt! });
      }
    });
  }
}
