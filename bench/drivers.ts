import type { Client } from '@temporalio/client';
import type { GovernanceClient } from '../client/governance-client.ts';
import type { Proposal } from '../domain/proposal.ts';
import { cloudEventType as ceType } from '../events/envelope.ts';
import { bareReady, bareUpdate } from './bare-workflow.ts';
import type { BareLifecycleInput } from './bare-workflow.ts';
import type { TopicWatcher } from './topic-watcher.ts';

export const VOTERS = ['alice', 'bob', 'carol'] as const;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls until `ready()` holds: the benchmark's way to learn that a workflow reached a step, on both sides alike. */
async function until(ready: () => Promise<boolean>, timeoutMs = 120_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  let last: unknown = null;
  for (;;) {
    // A query can time out while the worker is saturated: that is "not yet", until the deadline says otherwise.
    const ok = await ready().catch((e: unknown) => ((last = e), false));
    if (ok) return;
    if (performance.now() > deadline) throw new Error(`not ready within ${timeoutMs} ms (last error: ${String(last)})`);
    await sleep(20);
  }
}

export interface LifecycleRun {
  readonly ms: number;
  /** Per vote: from the update call to its `review.vote_cast` event read by the consumer (latency mode only). */
  readonly voteLatencies: number[];
}

/** Starts a govflow lifecycle and waits until its review is open. */
export async function proposeAndOpen(gc: GovernanceClient, template: Proposal, systemId: string): Promise<void> {
  await gc.startLifecycle({ ...template, systemId }, { actor: template.proposer });
  await until(async () => (await gc.getState(systemId)).stage === 'in_review');
}

/** Three approving votes, the pre-deployment evidence, the deployment; resolves when `system.deployed` is consumed. */
export async function decideAndDeploy(
  gc: GovernanceClient,
  watcher: TopicWatcher,
  template: Proposal,
  systemId: string,
  opts: { measureVotes?: boolean; skipVoters?: number } = {},
): Promise<number[]> {
  const latencies: number[] = [];
  for (const actor of VOTERS.slice(opts.skipVoters ?? 0)) {
    const t = performance.now();
    await gc.castVote(systemId, { actor, vote: 'approve', rationale: 'Benchmark: evidence reviewed, risks accepted.' });
    if (opts.measureVotes) {
      const seen = await watcher.waitFor(systemId, (s) => s.value.type === ceType('review.vote_cast') && s.value.actor === actor);
      latencies.push(seen.at - t);
    }
  }
  const state = await gc.getState(systemId);
  for (const c of state.conditions.filter((c) => c.dueBefore === 'deployment' && c.status !== 'satisfied')) {
    await gc.satisfyCondition(systemId, { actor: template.owner, conditionId: c.id, evidence: 'Benchmark evidence.' });
  }
  await gc.recordDeployment(systemId, { actor: template.owner, environment: 'production', version: template.model.version ?? '1.0.0' });
  await watcher.waitFor(systemId, (s) => s.value.type === ceType('system.deployed'));
  return latencies;
}

/** One whole govflow lifecycle: propose, assess, three votes, approval, evidence, deployment. */
export async function runLifecycle(
  gc: GovernanceClient,
  watcher: TopicWatcher,
  template: Proposal,
  systemId: string,
  opts: { measureVotes?: boolean } = {},
): Promise<LifecycleRun> {
  const t0 = performance.now();
  await proposeAndOpen(gc, template, systemId);
  const voteLatencies = await decideAndDeploy(gc, watcher, template, systemId, opts);
  return { ms: performance.now() - t0, voteLatencies };
}

/** One bare lifecycle with the same shape: start, wait until ready, the same updates, wait for the last message. */
export async function runBare(
  client: Client,
  watcher: TopicWatcher,
  taskQueue: string,
  shape: Omit<BareLifecycleInput, 'systemId'>,
  systemId: string,
): Promise<LifecycleRun> {
  const t0 = performance.now();
  const handle = await client.workflow.start('bareLifecycle', {
    taskQueue,
    workflowId: `bare:${systemId}`,
    args: [{ ...shape, systemId }],
  });
  await until(() => handle.query(bareReady));
  for (let i = 0; i < shape.updates; i++) await handle.executeUpdate(bareUpdate, { args: [`u${i}`] });
  const last = shape.activitiesBeforeReview + shape.updates * shape.activitiesPerUpdate;
  await watcher.waitFor(systemId, (s) => s.value.id === `${systemId}:${last}`);
  return { ms: performance.now() - t0, voteLatencies: [] };
}
