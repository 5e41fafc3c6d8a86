import type { Kafka } from 'kafkajs';
import { toKafkaMessage } from '../activities/publish-events.ts';
import { createEventProducer, ensureTopic } from '../adapters/kafka.ts';
import type { ReadDb } from '../adapters/read-db/read-db.ts';
import { generateKeyProvider, type KeyProvider } from '../adapters/signing-keys.ts';
import { toBase64url } from '../events/base64url.ts';
import { sealEvent, type GovernanceEvent } from '../events/envelope.ts';
import { eventSigningInput } from '../events/event-signature.ts';
import { startLiveReadSide } from './live-read-side.ts';
import { pool, summary } from './stats.ts';

/** The next signed vote of `systemId` after `prev`, as the publisher seals and signs it. */
async function nextVote(keys: KeyProvider, systemId: string, prev: GovernanceEvent | undefined): Promise<GovernanceEvent> {
  const sequence = (prev?.sequence ?? 0) + 1;
  const sealed = sealEvent({
    event: { type: 'review.vote_cast', data: { round: 1, voter: `member-${sequence}`, vote: 'approve', rationale: `reason ${sequence}` } },
    systemId, sequence, prevHash: prev?.hash ?? null, namespace: 'default', policyVersion: 'bench@1', time: new Date().toISOString(),
    actor: `member-${sequence}`,
  });
  const sig = toBase64url(await keys.signer.sign(eventSigningInput(keys.signer.kid, sealed.hash)));
  return { ...sealed, sigkid: keys.signer.kid, sig };
}

/**
 * Projection lag on the real broker: from the moment an event is handed to the producer until a read of the read side
 * returns it (`waitFor` on its sequence, the read-your-writes path). `streams` systems publish at once, each its next
 * event as soon as its last one is visible, so the projection folds under a steady concurrent load.
 */
export async function projectionLag(opts: { kafka: Kafka; topic: string; db?: ReadDb; onClose?: () => Promise<void>; streams?: number; perStream?: number }) {
  const admin = opts.kafka.admin();
  await admin.connect();
  await ensureTopic(admin, { topic: opts.topic, partitions: 3, replication: 1 }).finally(() => admin.disconnect());
  const keys = generateKeyProvider();
  const live = await startLiveReadSide({ kafka: opts.kafka, topic: opts.topic, trustedKeys: keys.trusted, ...(opts.db ? { db: opts.db } : {}), ...(opts.onClose ? { onClose: opts.onClose } : {}) });
  const producer = createEventProducer(opts.kafka);
  await producer.connect();
  const lags: number[] = [];
  const streams = opts.streams ?? 10;
  const run = `lag-${Date.now().toString(36)}`;
  try {
    await pool(Array.from({ length: streams }, (_, i) => `${run}-${i}`), streams, async (systemId) => {
      let prev: GovernanceEvent | undefined;
      for (let n = 0; n < (opts.perStream ?? 40); n += 1) {
        const event = await nextVote(keys, systemId, prev);
        const t = performance.now();
        await producer.send({ topic: opts.topic, acks: -1, messages: [toKafkaMessage(event)] });
        if (!(await live.readSide.waitFor(systemId, event.sequence, 10_000))) throw new Error(`${event.id} not visible after 10 s`);
        lags.push(performance.now() - t);
        prev = event;
      }
    });
  } finally {
    await producer.disconnect();
    await live.close();
  }
  return { engine: live.readSide.db.dialect, streams, events: lags.length, lagMs: summary(lags) };
}
