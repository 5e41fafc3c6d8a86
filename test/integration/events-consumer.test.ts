import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Producer } from 'kafkajs';
import { createPublishActivities, toKafkaMessage } from '../../activities/publish-events.ts';
import { createEventProducer } from '../../adapters/kafka.ts';
import { readSystemTrail, verifyTrail } from '../../client/audit.ts';
import { DLQ_HEADERS, createGovernanceConsumer, type GovernanceConsumer } from '../../consumer/governance-consumer.ts';
import type { ChainProblem } from '../../events/chain.ts';
import { createMemoryChainStore } from '../../events/chain-tracker.ts';
import { sealEvent, type GovernanceEvent } from '../../events/envelope.ts';
import { interleave, voteChain, waitUntil } from '../support/event-chains.ts';
import { signed, testEventKeys } from '../support/test-keys.ts';
import { createTestTopic, readTopic, testKafka } from './helpers/kafka.ts';
import { uniqueName } from './helpers/temporal.ts';

describe('publishing and consuming governance events on the real broker', () => {
  let producer: Producer;
  const running: GovernanceConsumer[] = [];

  beforeAll(async () => {
    producer = createEventProducer(testKafka);
    await producer.connect();
  });
  afterAll(async () => {
    await Promise.all(running.map((c) => c.stop()));
    await producer.disconnect();
  });

  /** Starts a consumer that records what it is given; resolves once its group is joined. */
  async function consume(topic: string, extra: Partial<Parameters<typeof createGovernanceConsumer>[0]> = {}) {
    const seen: GovernanceEvent[] = [];
    const problems: ChainProblem[] = [];
    const unknown: GovernanceEvent[] = [];
    const consumer = createGovernanceConsumer({
      kafka: testKafka,
      groupId: uniqueName('govflow-test-consumer'),
      topic,
      handlers: { 'ai.governance.review.vote_cast.v1': async (e) => void seen.push(e as GovernanceEvent) },
      trustedKeys: testEventKeys.trusted,
      onChainProblem: (p) => void problems.push(p),
      onUnknown: async (e) => void unknown.push(e),
      ...extra,
    });
    running.push(consumer);
    await consumer.start();
    return { consumer, seen, problems, unknown };
  }

  it('delivers the events of interleaved systems once each, in per-system order', async () => {
    const topic = await createTestTopic('events-order');
    const { seen, problems } = await consume(topic);
    const chains = ['alpha', 'bravo', 'charlie', 'delta'].map((s) => voteChain(`${s}-sys`, 12));
    const { publishEvents } = createPublishActivities({ producer, topic, signer: testEventKeys.signer });
    const mixed = interleave(...chains);
    for (let i = 0; i < mixed.length; i += 7) await publishEvents(mixed.slice(i, i + 7));

    await waitUntil(() => seen.length >= 48, '48 events');
    for (const chain of chains) {
      const systemId = chain[0]!.subject;
      expect(seen.filter((e) => e.subject === systemId).map((e) => e.sequence)).toEqual(chain.map((e) => e.sequence));
    }
    expect(problems).toEqual([]);
  });

  it('dedupes a batch published twice and a redelivery to a consumer restarted before committing', async () => {
    const topic = await createTestTopic('events-redeliver');
    const chain = voteChain('redeliver-sys', 6);
    const { publishEvents } = createPublishActivities({ producer, topic, signer: testEventKeys.signer });
    await publishEvents(chain.slice(0, 4));
    await publishEvents(chain.slice(2)); // an activity retry after a lost ack re-sends 3 and 4
    const store = createMemoryChainStore();
    const groupId = uniqueName('govflow-test-restart');
    const first = await consume(topic, { groupId, store, autoCommit: false });
    await waitUntil(() => first.consumer.stats().duplicates >= 2 && first.seen.length >= 6, 'first pass');
    await first.consumer.stop();

    const second = await consume(topic, { groupId, store, autoCommit: false });
    await waitUntil(() => second.consumer.stats().duplicates >= 8, 'the redelivered 8 records');
    expect(first.seen.map((e) => e.sequence)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(second.seen).toEqual([]);
    expect([...first.problems, ...second.problems]).toEqual([]);
  });

  it('detects a missing and a tampered event, in the consumer and in the audit, and never delivers the tampered one', async () => {
    const topic = await createTestTopic('events-tamper');
    const holed = voteChain('holed-sys', 5);
    const forged = voteChain('forged-sys', 3);
    const tampered = { ...forged[1]!, data: { ...(forged[1]!.data as object), vote: 'reject' } };
    const { seen, problems } = await consume(topic);
    const records = [...holed.filter((e) => e.sequence !== 3), forged[0]!, tampered, forged[2]!];
    await producer.send({ topic, acks: -1, messages: records.map((e) => toKafkaMessage(e as GovernanceEvent)) });

    await waitUntil(() => seen.length >= 6 && problems.length >= 3, 'the 6 intact events');
    expect(seen.filter((e) => e.subject === 'forged-sys').map((e) => e.sequence)).toEqual([1, 3]);
    expect(problems.map((p) => `${p.systemId}:${p.sequence}:${p.kind}`).sort()).toEqual([
      'forged-sys:2:hash_mismatch',
      'forged-sys:3:gap',
      'holed-sys:4:gap',
    ]);

    const holedReport = verifyTrail(
      'holed-sys',
      await readSystemTrail({ kafka: testKafka, topic, systemId: 'holed-sys' }),
      { keys: testEventKeys.trusted },
    );
    expect(holedReport.ok).toBe(false);
    expect(holedReport.problems).toEqual([
      { systemId: 'holed-sys', sequence: 3, kind: 'gap', detail: 'missing sequence 3' },
    ]);
    const forgedReport = verifyTrail(
      'forged-sys',
      await readSystemTrail({ kafka: testKafka, topic, systemId: 'forged-sys' }),
      { keys: testEventKeys.trusted },
    );
    expect(forgedReport.problems.map((p) => `${p.sequence}:${p.kind}`)).toEqual(['2:hash_mismatch', '2:gap']);
    const intact = verifyTrail('holed-sys', { events: holed, unreadable: [] }, { keys: testEventKeys.trusted });
    expect(intact.ok).toBe(true);
  });

  it('sends a malformed message to the dead-letter topic with the reason, and goes on consuming', async () => {
    const topic = await createTestTopic('events-dlq');
    const { consumer, seen, unknown } = await consume(topic);
    const [one, two] = voteChain('dlq-sys', 2);
    const bad = { ...two!, data: { round: 'first' } };
    const future = signed(
      sealEvent({
        event: { type: 'system.renamed', data: { name: 'new name' } },
        systemId: 'future-sys',
        sequence: 1,
        prevHash: null,
        namespace: 'default',
        policyVersion: 'test-pack@1.0.0+000000000000',
        time: '2026-01-01T00:00:00.000Z',
      }),
    );
    await producer.send({
      topic,
      acks: -1,
      messages: [
        toKafkaMessage(one!),
        { key: 'dlq-sys', value: '{"not": "an event"' },
        { key: 'dlq-sys', value: JSON.stringify(bad) },
        toKafkaMessage(future),
        toKafkaMessage(voteChain('after-sys', 1)[0]!),
      ],
    });

    await waitUntil(
      () => consumer.stats().deadLettered >= 2 && seen.length >= 2 && unknown.length >= 1,
      'dead letters and deliveries',
    );
    expect(seen.map((e) => e.id).sort()).toEqual(['after-sys:1', 'dlq-sys:1']);
    expect(unknown.map((e) => e.type)).toEqual(['ai.governance.system.renamed.v1']);
    const dead = await readTopic(`${topic}.dlq`, (m) => m.length >= 2);
    expect(dead.map((m) => m.headers[DLQ_HEADERS.reason])).toEqual([
      expect.stringMatching(/^not JSON/),
      expect.stringMatching(/^not a governance event|^invalid ai\.governance\.review\.vote_cast\.v1/),
    ]);
    expect(dead.every((m) => m.key === 'dlq-sys' && m.headers[DLQ_HEADERS.topic] === topic)).toBe(true);
    expect(consumer.stats()).toMatchObject({ delivered: 3, deadLettered: 2 });
  });
});
