import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPublishActivities } from '../../activities/publish-events.ts';
import { createEventProducer } from '../../adapters/kafka.ts';
import { verifyChain } from '../../events/chain.ts';
import { GovernanceEvent } from '../../events/envelope.ts';
import { createTestTopic, readTopic, testKafka } from './helpers/kafka.ts';
import { connectClient, testConfig, uniqueName, withWorker } from './helpers/temporal.ts';
import { testEventKeys } from '../support/test-keys.ts';

const probeWorkflows = fileURLToPath(new URL('./fixtures/probe-workflow.ts', import.meta.url));

describe('the local stack', () => {
  const producer = createEventProducer(testKafka);
  let topic: string;

  beforeAll(async () => {
    topic = await createTestTopic('stack');
    await producer.connect();
  });
  afterAll(async () => {
    await producer.disconnect();
  });

  it('runs a workflow on the real Temporal server whose activity publishes chained CloudEvents to the real broker', async () => {
    const { client, close } = await connectClient();
    const taskQueue = uniqueName('stack-probe');
    const systemId = uniqueName('probe');
    try {
      const hashes = await withWorker(
        { taskQueue, workflowsPath: probeWorkflows, activities: createPublishActivities({ producer, topic, signer: testEventKeys.signer }) },
        () => client.workflow.execute('stackProbe', { taskQueue, workflowId: `probe:${systemId}`, args: [systemId] }),
      );
      const messages = await readTopic(topic, (m) => m.length >= 2);
      expect(messages.map((m) => m.key)).toEqual([systemId, systemId]);
      expect(messages.every((m) => m.headers['content-type'] === 'application/cloudevents+json')).toBe(true);
      const events = messages.map((m) => GovernanceEvent.parse(JSON.parse(m.value)));
      expect(events.map((e) => e.id)).toEqual([`${systemId}:1`, `${systemId}:2`]);
      expect(events.map((e) => e.hash)).toEqual(hashes);
      expect(events[0]?.source).toBe(`/govflow/${testConfig.GOVFLOW_TEMPORAL_NAMESPACE}`);
      expect(verifyChain(events, { keys: testEventKeys.trusted }).ok).toBe(true);
    } finally {
      await close();
    }
  });
});
