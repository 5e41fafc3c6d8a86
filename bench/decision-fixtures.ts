import type { SqlRunner } from '../adapters/read-db/read-db.ts';
import { initialState, type LifecycleState } from '../domain/lifecycle/state.ts';
import type { DecisionRecord } from '../events/decision-record.ts';

/** The deployed state the bench's systems are in: approved and running 1.0.0, a large declared scale. */
export function deployedState(systemId: string): LifecycleState {
  const s = initialState(systemId);
  return {
    ...s,
    stage: 'deployed',
    tier: 'limited',
    policyPack: 'bench',
    approvedVersion: '1.0.0',
    running: { version: '1.0.0', environment: 'prod', deployer: 'olga' },
    proposal: { systemId, name: systemId, owner: 'olga', sector: 'finance', affected: { monthlyUsers: 100_000_000, minors: false, vulnerableGroups: false } },
  } as unknown as LifecycleState;
}

/** Puts the systems in the read side's registry as the projection would, so the checker's state lookups are real. */
export async function seedRegistry(db: SqlRunner, systemIds: readonly string[]): Promise<void> {
  const now = new Date().toISOString();
  for (const id of systemIds) {
    await db.run(
      `INSERT INTO read_systems (system_id, name, stage, tier, owner, owner_team, sector, pack, policy_version, next_re_review_at,
         open_conditions, incidents, terminal, search, sequence, last_hash, started_at, updated_at, state)
       VALUES ($1, $1, 'deployed', 'limited', 'olga', 'team', 'finance', 'bench', NULL, NULL, '[]', '[]', 0, $1, 5, NULL, $2, $2, $3)
       ON CONFLICT (system_id) DO NOTHING`,
      [id, now, JSON.stringify(deployedState(id))],
    );
  }
}

const hex = (n: number) => n.toString(16).padStart(64, '0');

/** The i-th decision of a run: spread over the systems, one in twenty reviewed, one in two hundred overridden. */
export function benchRecord(run: string, systemIds: readonly string[], i: number, decidedAt = new Date().toISOString()): DecisionRecord {
  const overridden = i % 200 === 0;
  return {
    systemId: systemIds[i % systemIds.length]!,
    modelVersion: '1.0.0',
    decisionId: `${run}-${i}`,
    decidedAt,
    inputDigest: `sha256:${hex(i)}`,
    output: i % 3 === 0 ? 'deny' : 'approve',
    confidence: 0.9,
    subjectDigest: `sha256:${hex(i % 50_000)}`,
    review: i % 20 === 0 || overridden ? { reviewed: true, overridden, by: 'rahul-k' } : { reviewed: false, overridden: false },
  };
}
