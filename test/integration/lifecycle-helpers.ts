import { fileURLToPath } from 'node:url';
import type { Client, ClientOptions } from '@temporalio/client';
import type { Worker, WorkerOptions } from '@temporalio/worker';
import type { Producer } from 'kafkajs';
import { createCommandKeyActivities } from '../../activities/command-keys.ts';
import { createLifecyclePolicyActivities } from '../../activities/lifecycle-policy.ts';
import { createCommandSigner } from '../../client/command-signer.ts';
import { createPublishActivities, type PublishDeps } from '../../activities/publish-events.ts';
import { createEventProducer } from '../../adapters/kafka.ts';
import type { Signer } from '../../adapters/signing-keys.ts';
import { loadPackInForce } from '../../adapters/policy-files.ts';
import { allowsTestingPacks, loadConfig } from '../../config/config.ts';
import { createGovernanceClient, workflowIdOf } from '../../client/governance-client.ts';
import type { GovernanceClient } from '../../client/governance-client.ts';
import type { LifecycleState } from '../../domain/lifecycle/state.ts';
import type { ProposalInput } from '../../domain/proposal.ts';
import type { GovernanceEvent } from '../../events/envelope.ts';
import type { Jwks } from '../../events/keyring.ts';
import { connectClient, createTestWorker, uniqueName } from './helpers/temporal.ts';
import { createTestTopic, readTopic, testKafka } from './helpers/kafka.ts';
import type { ReadMessage } from './helpers/kafka.ts';
import { testCommandKeys, testEventKeys } from '../support/test-keys.ts';

const defaultPolicyDir = fileURLToPath(new URL('../../policies/', import.meta.url));
/** The configuration the tests' worker and API run with: a test deployment, whose default pack is `test`. */
export const lifecycleConfig = loadConfig({ ...process.env, GOVFLOW_ENV: 'test', GOVFLOW_POLICY_PACK: 'test' });
const testingPacks = allowsTestingPacks(lifecycleConfig);

/** One test file's world: a topic, a producer, a worker on its own task queue, and the governance client. */
export interface LifecycleEnv {
  readonly gov: GovernanceClient;
  readonly client: Client;
  readonly topic: string;
  /** Where the worker publishes signed checkpoints. */
  readonly checkpointTopic: string;
  readonly taskQueue: string;
  /** Starts a fresh worker on the file's task queue (after `stopWorker`, to simulate a restart). */
  startWorker(): Promise<void>;
  stopWorker(): Promise<void>;
  close(): Promise<void>;
}

/** Sets up a topic, a producer and a polling worker with the `test` policy pack as default (from `opts.policyDir`). */
export async function openLifecycleEnv(
  name: string,
  opts: {
    policyDir?: string;
    /** Publish metrics and tracing for the worker's publish activity. */
    publish?: Pick<PublishDeps, 'observer' | 'tracer'>;
    /** More worker options (interceptors, sinks, workflow code bundled with them). */
    worker?: Partial<WorkerOptions>;
    clientInterceptors?: ClientOptions['interceptors'];
    /** The edge's command keys the worker loads at each start (the test keys by default). */
    commandKeys?: () => Promise<Jwks>;
    /** The event signer of each worker started (the test key by default): read again at every `startWorker`. */
    eventSigner?: () => Signer;
  } = {},
): Promise<LifecycleEnv> {
  const policyDir = opts.policyDir ?? defaultPolicyDir;
  const topic = await createTestTopic(name);
  const checkpointTopic = await createTestTopic(`${name}-checkpoints`);
  const producer: Producer = createEventProducer(testKafka);
  await producer.connect();
  const { client, close: closeClient } = await connectClient(opts.clientInterceptors);
  const taskQueue = uniqueName(`lifecycle-${name}`);
  const activitiesWith = (signer: Signer) => ({
    ...createPublishActivities({ producer, topic, signer, checkpointTopic, ...opts.publish }),
    ...createCommandKeyActivities({ commandKeys: opts.commandKeys ?? testCommandKeys.jwks() }),
    ...createLifecyclePolicyActivities({ policyDir, defaultPack: lifecycleConfig.GOVFLOW_POLICY_PACK, allowTestingPacks: testingPacks }),
  });
  let running: { worker: Worker; done: Promise<void>; closeConnection: () => Promise<void> } | undefined;
  const startWorker = async (): Promise<void> => {
    // A short sticky timeout lets a restarted worker pick a workflow up at once.
    const activities = activitiesWith(opts.eventSigner?.() ?? testEventKeys.signer);
    const { worker, connection } = await createTestWorker({ taskQueue, activities, stickyQueueScheduleToStartTimeout: '1 second', ...opts.worker });
    running = { worker, done: worker.run(), closeConnection: () => connection.close() };
  };
  const stopWorker = async (): Promise<void> => {
    if (!running) return;
    const r = running;
    running = undefined;
    r.worker.shutdown();
    await r.done;
    await r.closeConnection();
  };
  await startWorker();
  return {
    gov: createGovernanceClient({
      client, taskQueue, defaultPolicyPack: lifecycleConfig.GOVFLOW_POLICY_PACK,
      checkPolicyPack: (name) => loadPackInForce(policyDir, name, testingPacks),
      commandSigner: createCommandSigner(testCommandKeys.signer),
    }),
    client, topic, checkpointTopic, taskQueue, startWorker, stopWorker,
    async close() {
      await stopWorker();
      await producer.disconnect();
      await closeClient();
    },
  };
}

/** A proposal for the `test` pack; `tier` picks the evidence and sector that lead to that tier. */
export function testProposal(tier: 'minimal' | 'limited' | 'high' | 'prohibited' | 'generative', prefix: string = tier): ProposalInput {
  const full = {
    safety: { tested: true, redTeaming: true },
    dataEthics: { provenanceDocumented: true, consentObtained: true },
    privacy: { impactAssessment: true, minimisation: true },
    bias: { evaluated: true, metrics: ['exposure'], groups: ['department'] },
    explainability: { approach: 'Highlights matches.', userFacingExplanations: true },
  };
  return {
    systemId: uniqueName(prefix).toLowerCase().slice(0, 60),
    name: `Test system (${tier})`, ownerTeam: 'Test team', proposer: 'pat', owner: 'olga',
    sector: tier === 'high' ? 'finance' : 'other',
    purpose: 'Integration test system.', deploymentContext: 'Test bench.',
    practices: tier === 'prohibited' ? ['social_scoring'] : [],
    affected: { monthlyUsers: 100, minors: false, vulnerableGroups: false },
    model: tier === 'generative'
      ? { type: 'generative', version: '1.0.0', largeScale: true }
      : { type: 'recommender', version: '1.0.0', largeScale: false },
    oversight: { autonomy: 'advisory', canOverride: ['olga'], canStop: ['olga'] },
    evidence: tier === 'limited' ? { safety: full.safety } : full,
  };
}

/** Polls the workflow's state until `ok` holds. */
export async function waitForState(gov: GovernanceClient, systemId: string, ok: (s: LifecycleState) => boolean, timeoutMs = 60_000): Promise<LifecycleState> {
  const until = Date.now() + timeoutMs;
  let last: LifecycleState | undefined;
  for (;;) {
    last = await gov.getState(systemId);
    if (ok(last)) return last;
    if (Date.now() > until) throw new Error(`timed out waiting for ${systemId}; stage ${last.stage}, sequence ${last.sequence}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Reads a system's events from the topic until there are at least `count`, deduplicated by id, in sequence order. */
export async function systemEvents(topic: string, systemId: string, count: number, timeoutMs = 30_000): Promise<GovernanceEvent[]> {
  const mine = (ms: ReadMessage[]) => ms.filter((m) => m.key === systemId);
  const messages = await readTopic(topic, (ms) => new Set(mine(ms).map((m) => m.value)).size >= count, timeoutMs);
  const byId = new Map<string, GovernanceEvent>();
  for (const m of mine(messages)) {
    const e = JSON.parse(m.value) as GovernanceEvent;
    byId.set(e.id, e);
  }
  return [...byId.values()].sort((a, b) => a.sequence - b.sequence);
}

/** The short type names of events (`system.proposed`, ...). */
export const shortTypes = (events: GovernanceEvent[]): string[] => events.map((e) => e.type.replace(/^ai\.governance\./, '').replace(/\.v1$/, ''));

/** The workflow task failures in a system's history (a refusal in workflow code that Temporal would retry forever). */
export async function workflowTaskFailures(client: Client, systemId: string): Promise<string[]> {
  const history = await client.workflow.getHandle(workflowIdOf(systemId)).fetchHistory();
  return (history.events ?? []).flatMap((e) => {
    const failed = e.workflowTaskFailedEventAttributes;
    return failed ? [`${String(e.eventId)}: ${failed.failure?.message ?? 'workflow task failed'}`] : [];
  });
}

/** The workflow's history as JSON, for assertions and for the replay corpus. */
export async function historyOf(client: Client, systemId: string): Promise<unknown> {
  return (await client.workflow.getHandle(workflowIdOf(systemId)).fetchHistory()) as unknown;
}

const historiesDir = fileURLToPath(new URL('../replay/histories/', import.meta.url));

/**
 * Saves a finished run's history into the replay corpus when GOVFLOW_RECORD_HISTORIES=1, so the replay tests
 * prove later workflow code still replays it. Off by default: an ordinary run leaves the corpus untouched.
 */
export async function recordHistory(client: Client, systemId: string, scenario: string): Promise<void> {
  if (process.env.GOVFLOW_RECORD_HISTORIES !== '1') return;
  const { historyToJSON } = await import('@temporalio/common/lib/proto-utils.js');
  const { mkdir, writeFile } = await import('node:fs/promises');
  const history = await client.workflow.getHandle(workflowIdOf(systemId)).fetchHistory();
  await mkdir(historiesDir, { recursive: true });
  await writeFile(`${historiesDir}lifecycle-${scenario}.json`, historyToJSON(history));
}

/** The update requests the workflow accepted, as recorded in its history (refused updates leave none). */
export async function acceptedUpdates(client: Client, systemId: string): Promise<{ name: string; actor: string | undefined }[]> {
  const history = await client.workflow.getHandle(workflowIdOf(systemId)).fetchHistory();
  const { defaultPayloadConverter } = await import('@temporalio/common');
  return (history.events ?? []).flatMap((e) => {
    const req = e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input;
    if (!req) return [];
    const arg = req.args?.payloads?.[0];
    const input = arg ? (defaultPayloadConverter.fromPayload(arg) as { actor?: string }) : {};
    return [{ name: req.name ?? '', actor: input.actor }];
  });
}
