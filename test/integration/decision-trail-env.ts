import { fileURLToPath } from 'node:url';
import { loadPackInForce } from '../../adapters/policy-files.ts';
import type { DecisionStore } from '../../adapters/decision-store.ts';
import { openDecisionStore } from '../../adapters/read-db/decision-store.ts';
import { createDecisionChecker, type DecisionChecker } from '../../consumer/decision-checker.ts';
import { startReadSide, type RunningReadSide } from './helpers/read-side.ts';
import { defaultDecisionTrail } from '../../domain/policy-pack.ts';
import type { LifecycleState } from '../../domain/lifecycle/state.ts';
import type { GovernanceEvent } from '../../events/envelope.ts';
import { createTestTopic, readTopic, testKafka } from './helpers/kafka.ts';
import { uniqueName } from './helpers/temporal.ts';
import { openLifecycleEnv, testProposal, waitForState, type LifecycleEnv } from './lifecycle-helpers.ts';

const policyDir = fileURLToPath(new URL('../../policies/', import.meta.url));

/** The checker's service identity in the tests. */
export const CHECKER = 'svc-decision-checker';

/** A lifecycle env plus the read side (registry projection), a decisions topic, the store on its database, and the checker. */
export interface DecisionTrailEnv {
  readonly env: LifecycleEnv;
  readonly reads: RunningReadSide;
  readonly store: DecisionStore;
  readonly checker: DecisionChecker;
  readonly decisionsTopic: string;
  close(): Promise<void>;
}

/** Opens the world the decision-trail tests run in: every server real, every topic the test's own. */
export async function openDecisionTrailEnv(name: string): Promise<DecisionTrailEnv> {
  const env = await openLifecycleEnv(name);
  const reads = await startReadSide(env.topic);
  const decisionsTopic = await createTestTopic(`${name}-decisions`);
  // Kept in the read side's own database, as the API keeps it.
  const store = await openDecisionStore(reads.readSide.db);
  const checker = createDecisionChecker({
    kafka: testKafka, groupId: uniqueName('govflow-test-checker'), topic: decisionsTopic, partitions: 3, store, recorder: env.gov, actor: CHECKER,
    stateOf: (id) => reads.readSide.state(id),
    trailOf: async (s) => (await loadPackInForce(policyDir, s.policyPack ?? 'test', true)).decisionTrail ?? defaultDecisionTrail,
  });
  await checker.start();
  return {
    env, reads, store, checker, decisionsTopic,
    async close() {
      await checker.stop();
      await reads.close();
      await env.close();
    },
  };
}

/** Proposes a minimal-tier system under the test pack, has it approved and deployed at 1.0.0, and waits for the read side. */
export async function deployedSystem(t: DecisionTrailEnv, prefix: string): Promise<string> {
  const p = testProposal('minimal', prefix);
  await t.env.gov.startLifecycle(p, { actor: 'pat' });
  await waitForState(t.env.gov, p.systemId, (s) => s.review?.round === 1);
  await t.env.gov.castVote(p.systemId, { actor: 'alice', vote: 'approve', rationale: 'Fine.' });
  await waitForState(t.env.gov, p.systemId, (s) => s.stage === 'approved');
  await t.env.gov.recordDeployment(p.systemId, { actor: 'olga', environment: 'prod', version: '1.0.0' });
  await readSide(t, p.systemId, (s) => s.stage === 'deployed');
  return p.systemId;
}

/** Waits until the read side's state of a system satisfies `ok`. */
export async function readSide(t: DecisionTrailEnv, systemId: string, ok: (s: LifecycleState) => boolean, timeoutMs = 30_000): Promise<LifecycleState> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const s = await t.reads.readSide.state(systemId);
    if (s && ok(s)) return s;
    if (Date.now() > until) throw new Error(`read side never got there for ${systemId} (stage ${s?.stage ?? 'unknown'})`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Waits for lifecycle events of a system of the given short type on the test's lifecycle topic. */
export async function lifecycleEventsOf(t: DecisionTrailEnv, systemId: string, short: string, count = 1): Promise<GovernanceEvent[]> {
  const type = `ai.governance.${short}.v1`;
  const mine = (ms: { key: string | null; value: string }[]) =>
    ms.filter((m) => m.key === systemId).map((m) => JSON.parse(m.value) as GovernanceEvent).filter((e) => e.type === type);
  const messages = await readTopic(t.env.topic, (ms) => new Set(mine(ms).map((e) => e.id)).size >= count);
  return [...new Map(mine(messages).map((e) => [e.id, e])).values()];
}

/** Polls until `f` holds (for the store, which the checker fills asynchronously). */
export async function eventually<T>(f: () => Promise<T>, ok: (v: T) => boolean, what: string, timeoutMs = 30_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await f();
    if (ok(v)) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}: last ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
