// Fault test: stops and restarts the local Kafka broker. Safe in the suite because integration files run one at a
// time; the longer scenarios (30 s outage, worker SIGKILL, Temporal restart) are in `npm run faults`.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { createPublishActivities } from '../../activities/publish-events.ts';
import { createEventProducer } from '../../adapters/kafka.ts';
import { readSystemTrail, verifyTrail } from '../../client/audit.ts';
import { createGovernanceConsumer, type GovernanceConsumer } from '../../consumer/governance-consumer.ts';
import type { GovernanceEvent } from '../../events/envelope.ts';
import { voteChain, waitUntil } from '../support/event-chains.ts';
import { createTestTopic, testKafka } from './helpers/kafka.ts';
import { uniqueName } from './helpers/temporal.ts';
import { testEventKeys } from '../support/test-keys.ts';

const stackScript = fileURLToPath(new URL('../../scripts/stack.sh', import.meta.url));
const stack = (cmd: 'stop-kafka' | 'start-kafka') =>
  promisify(execFile)('bash', [stackScript, cmd], { timeout: 120_000 });
describe('publishing through a broker stop and restart', () => {
  const consumers: GovernanceConsumer[] = [];
  afterAll(async () => {
    await stack('start-kafka'); // never leave the shared broker down, whatever failed
    await Promise.all(consumers.map((c) => c.stop().catch(() => undefined)));
  });

  it('loses nothing: every event arrives exactly once after dedupe, in order, with an intact chain', async () => {
    const topic = await createTestTopic('restart');
    const seen: GovernanceEvent[] = [];
    const problems: string[] = [];
    const consumer = createGovernanceConsumer({
      kafka: testKafka,
      groupId: uniqueName('govflow-test-restart'),
      topic,
      handlers: { 'ai.governance.review.vote_cast.v1': async (e) => void seen.push(e as GovernanceEvent) },
      trustedKeys: testEventKeys.trusted,
      onChainProblem: (p) => void problems.push(`${p.kind}@${p.systemId}:${p.sequence}`),
    });
    consumers.push(consumer);
    await consumer.start();

    const producer = createEventProducer(testKafka);
    await producer.connect();
    const { publishEvents } = createPublishActivities({ producer, topic, signer: testEventKeys.signer });
    const systems = ['r-alpha', 'r-bravo', 'r-charlie'];
    const chains = new Map(systems.map((s) => [s, voteChain(s, 40)]));
    // Stands in for Temporal's activity retry: the same batch again until it is acknowledged.
    const publishWithRetry = async (batch: GovernanceEvent[]): Promise<void> => {
      for (;;) {
        try {
          return await publishEvents(batch);
        } catch {
          await new Promise((r) => setTimeout(r, 1000));
        }
      }
    };
    const publishing = (async () => {
      for (let i = 0; i < 40; i += 2) {
        for (const s of systems) await publishWithRetry(chains.get(s)!.slice(i, i + 2));
        await new Promise((r) => setTimeout(r, 150));
      }
    })();
    await new Promise((r) => setTimeout(r, 1000));
    await stack('stop-kafka');
    await new Promise((r) => setTimeout(r, 10_000));
    await stack('start-kafka');
    await publishing;
    await producer.disconnect();

    await waitUntil(() => seen.length >= 120, 'all 120 events at the consumer', 120_000);
    for (const s of systems) {
      expect(seen.filter((e) => e.subject === s).map((e) => e.sequence)).toEqual(chains.get(s)!.map((e) => e.sequence));
      const report = verifyTrail(s, await readSystemTrail({ kafka: testKafka, topic, systemId: s }), {
        keys: testEventKeys.trusted,
        head: { sequence: 40 },
      });
      expect(report.problems).toEqual([]);
      expect(report.events).toBe(40);
    }
    expect(problems).toEqual([]);
  }, 300_000);
});
