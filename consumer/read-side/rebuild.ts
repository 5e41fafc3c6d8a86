import type { Kafka } from 'kafkajs';
import type { ReadDb } from '../../adapters/read-db/read-db.ts';
import { LIFECYCLE_TOPIC } from '../../events/contracts.ts';
import type { TrustedKeys } from '../../events/keyring.ts';
import { readTopicToEnd } from '../read-to-end.ts';
import { PROJECTION_TABLES } from './schema.ts';
import { applyRecord, type RecordOutcome } from './writer.ts';

/** How far a rebuild has come: records read of the records the topic held when it started. */
export interface RebuildProgress {
  readonly done: number;
  readonly total: number;
}

/** What a rebuild found, by outcome. */
export type RebuildSummary = RebuildProgress & { readonly outcomes: Readonly<Partial<Record<RecordOutcome['kind'], number>>> };

/**
 * Empties the read side's projection tables and folds the topic into them again, from its first record to the end
 * it has when the rebuild starts, through the same per-record transaction as the live consumer (so a consumer still
 * running resumes from the rebuilt positions, and never applies a record twice). Records set aside before are kept
 * in the quarantine table again but not sent to the side topics a second time.
 */
export async function rebuildReadSide(opts: {
  db: ReadDb;
  kafka: Kafka;
  trustedKeys: TrustedKeys;
  topic?: string;
  onProgress?: (p: RebuildProgress) => void;
  /** Records between two progress reports; default 1,000. */
  every?: number;
}): Promise<RebuildSummary> {
  const topic = opts.topic ?? LIFECYCLE_TOPIC;
  const admin = opts.kafka.admin();
  await admin.connect();
  const offsets = await admin.fetchTopicOffsets(topic).finally(() => admin.disconnect());
  const firstKept = new Map(offsets.map((o) => [o.partition, Number(o.low)]));
  const total = offsets.reduce((n, o) => n + Number(o.high) - Number(o.low), 0);
  await opts.db.transaction(async (tx) => {
    for (const table of PROJECTION_TABLES) await tx.run(`DELETE FROM ${table}`);
  });
  const outcomes: Partial<Record<RecordOutcome['kind'], number>> = {};
  let done = 0;
  const every = opts.every ?? 1000;
  opts.onProgress?.({ done, total });
  await readTopicToEnd({
    kafka: opts.kafka,
    topic,
    timeoutMs: 3_600_000,
    onMessage: async (partition, message) => {
      const rec = { topic, partition, offset: Number(message.offset), message };
      const outcome = await opts.db.transaction((tx) =>
        applyRecord(tx, rec, { keys: opts.trustedKeys, firstKept: firstKept.get(partition) ?? 0 }),
      );
      if (outcome.kind === 'ahead')
        throw new Error(`rebuild read ${topic}/${partition} at ${rec.offset} but the read side expects ${outcome.from}`);
      outcomes[outcome.kind] = (outcomes[outcome.kind] ?? 0) + 1;
      done += 1;
      if (done % every === 0 || done === total) opts.onProgress?.({ done, total });
    },
  });
  return { done, total, outcomes };
}
