import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { toKafkaMessage } from '../../activities/publish-events.ts';
import { createEventProducer } from '../../adapters/kafka.ts';
import { readSideGroupId } from '../../consumer/read-side/projection-consumer.ts';
import { openReadSide } from '../../consumer/read-side/read-side.ts';
import { factsFromEvents } from '../../consumer/facts-from-events.ts';
import type { SystemFacts } from '../../domain/indicators/facts.ts';
import type { DomainEvent } from '../../domain/lifecycle/events.ts';
import { sealEvent, type GovernanceEvent } from '../../events/envelope.ts';
import { voteChain } from '../support/event-chains.ts';
import { signed, testEventKeys } from '../support/test-keys.ts';
import { createTestTopic, testKafka } from './helpers/kafka.ts';
import { eventually } from './helpers/processes.ts';
import { testEngines } from './helpers/read-dbs.ts';
import { startReadSide, waitForTopicEnd } from './helpers/read-side.ts';
import { testConfig, uniqueName } from './helpers/temporal.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
});

const SYSTEMS = 30;
const PER_SYSTEM = 40;

/** Seals and signs one event of `systemId` after `prev`, as the publisher does. */
function next(systemId: string, event: DomainEvent, prev: GovernanceEvent | undefined): GovernanceEvent {
  const sequence = (prev?.sequence ?? 0) + 1;
  const time = new Date(Date.UTC(2026, 0, 1, 0, 0, sequence)).toISOString();
  return signed(sealEvent({ event, systemId, sequence, prevHash: prev?.hash ?? null, namespace: 'default', policyVersion: 'test-pack@1.0.0+000000000000', time }));
}

/**
 * A proposal, votes, and a retirement: `n` events whose indicator facts show a missed first or last event (no
 * proposal time, no end) and whose chain head shows any other gap.
 */
function lifecycleChain(systemId: string, n: number): GovernanceEvent[] {
  const proposal = {
    systemId, name: `Kill test ${systemId}`, ownerTeam: 'Support', proposer: 'pat', owner: 'olga', sector: 'other',
    purpose: 'Answers questions.', deploymentContext: 'Help centre.', practices: [],
    affected: { monthlyUsers: 100, minors: false, vulnerableGroups: false },
    model: { type: 'recommender', version: '1.0.0', largeScale: false },
    oversight: { autonomy: 'advisory', canOverride: ['olga'], canStop: ['olga'] }, evidence: {},
  };
  const first = next(systemId, { type: 'system.proposed', data: { proposal, policyPack: 'test', proposedBy: 'pat' } } as unknown as DomainEvent, undefined);
  const chain = [first, ...voteChain(systemId, n - 2, [first])];
  chain.push(next(systemId, { type: 'system.retired', data: { by: 'owner', actor: 'olga', reason: 'Replaced.' } }, chain.at(-1)));
  return chain;
}

/** The read side's own process (`npm run projection`) on `topic`, trusting the test keys. */
function startProjectionProcess(env: Record<string, string>): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'consumer/read-side/main.ts'], {
    cwd: root,
    env: { ...process.env, GOVFLOW_ENV: 'test', GOVFLOW_KAFKA_BROKERS: testConfig.GOVFLOW_KAFKA_BROKERS.join(','), ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  child.stderr!.on('data', (d: Buffer) => void process.stderr.write(`[projection] ${d.toString()}`));
  children.push(child);
  return child;
}

describe.each(testEngines)('a killed read side on $name', (engine) => {
  it('resumes where its last transaction left it: every record and indicator fact applied once, no gap, no duplicate', async () => {
    const topic = await createTestTopic('read-side-kill');
    const chains = Array.from({ length: SYSTEMS }, (_, i) => lifecycleChain(uniqueName(`kill-${i}`).toLowerCase().slice(0, 60), PER_SYSTEM));
    const total = SYSTEMS * PER_SYSTEM;
    const producer = createEventProducer(testKafka);
    await producer.connect();
    // One event per system a round, while the read side runs: the kill lands mid-stream however fast it folds.
    const produce = async () => {
      for (let n = 0; n < PER_SYSTEM; n += 1) {
        await producer.send({ topic, acks: -1, messages: chains.map((c) => toKafkaMessage(c[n]!)) });
        await new Promise((r) => setTimeout(r, 100));
      }
      await producer.disconnect();
    };

    const fresh = await engine.fresh();
    const keysFile = join(mkdtempSync(join(tmpdir(), 'govflow-keys-')), 'trusted.jwks.json');
    writeFileSync(keysFile, JSON.stringify(testEventKeys.jwks()));
    const env = {
      GOVFLOW_TOPIC: topic,
      GOVFLOW_DEAD_LETTER_TOPIC: `${topic}.dlq`,
      GOVFLOW_TRUSTED_EVENT_KEYS: keysFile,
      GOVFLOW_STATE_DIR: fresh.stateDir,
      ...(fresh.url ? { GOVFLOW_READ_DB_URL: fresh.url } : {}),
    };
    const readSide = await openReadSide(await fresh.open());
    const groupId = await readSideGroupId(readSide.db);
    const applied = async () => (await readSide.db.one<{ n: number }>('SELECT count(*) AS n FROM read_events'))!.n;

    const first = startProjectionProcess(env);
    const produced = produce();
    const before = await eventually(async () => ((await applied()) >= 300 ? await applied() : false), 'the first records folded', 60_000);
    first.kill('SIGKILL');
    await new Promise((r) => first.once('exit', r));
    const atKill = await applied();
    // The kill must land mid-stream, or this proves nothing.
    expect(atKill).toBeGreaterThanOrEqual(before);
    expect(atKill).toBeLessThan(total);

    // Resumed here rather than in a second process (starting one takes half a minute on a loaded machine): the same
    // consumer, the same database and consumer group, so it takes over once the killed member's session expires.
    const resumed = await startReadSide(topic, { db: readSide.db, groupId });
    await produced;
    await waitForTopicEnd(readSide.db, topic, 120_000);
    await resumed.stop();
    expect(await applied()).toBe(total);
    const facts = new Map(
      (await readSide.db.query<{ system_id: string; facts: string }>('SELECT system_id, facts FROM indicator_facts')).map((r) => [
        r.system_id,
        JSON.parse(r.facts) as SystemFacts,
      ]),
    );
    expect(facts.size).toBe(chains.length);
    for (const chain of chains) {
      const id = chain[0]!.subject;
      const trail = await readSide.trail(id);
      expect(trail.events.map((e) => e.hash)).toEqual(chain.map((e) => e.hash));
      expect(trail.quarantined).toEqual([]);
      expect(await readSide.state(id)).toMatchObject({ stage: 'retired', sequence: PER_SYSTEM, lastHash: chain.at(-1)!.hash });
      // The facts folded across the kill equal a fold of the chain in one pass: nothing skipped, nothing counted twice.
      expect(facts.get(id)).toEqual(factsFromEvents(id, chain));
      expect(facts.get(id)).toMatchObject({ proposedAt: Date.parse(chain[0]!.time), endedAt: Date.parse(chain.at(-1)!.time), head: { sequence: PER_SYSTEM } });
    }
    const offsets = await readSide.db.query<{ last_offset: number }>('SELECT last_offset FROM read_offsets WHERE topic = $1', [topic]);
    expect(offsets.reduce((n, o) => n + o.last_offset + 1, 0)).toBe(total);
    await readSide.close();
  });
});
