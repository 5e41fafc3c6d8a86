import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kafka } from 'kafkajs';
import type { ReadDb } from '../adapters/read-db/read-db.ts';
import { openSqliteReadDb } from '../adapters/read-db/sqlite.ts';
import { createProjectionConsumer, type ProjectionConsumer } from '../consumer/read-side/projection-consumer.ts';
import { openReadSide, type ReadSide } from '../consumer/read-side/read-side.ts';
import type { TrustedKeys } from '../events/keyring.ts';

/** A read side folding a topic with the real consumer, as the API process runs it. */
export interface LiveReadSide {
  readonly readSide: ReadSide;
  readonly consumer: ProjectionConsumer;
  /** Resolves once every record the topic holds now is applied. */
  caughtUp(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/** Starts the projection on `topic` over `db` (default: a SQLite file in a temporary folder). */
export async function startLiveReadSide(opts: { kafka: Kafka; topic: string; trustedKeys: TrustedKeys; db?: ReadDb; onClose?: () => Promise<void> }): Promise<LiveReadSide> {
  const dir = opts.db ? undefined : mkdtempSync(join(tmpdir(), 'govflow-bench-live-'));
  const db = opts.db ?? openSqliteReadDb(join(dir!, 'read.sqlite'));
  const readSide = await openReadSide(db);
  const consumer = createProjectionConsumer({ kafka: opts.kafka, db, topic: opts.topic, trustedKeys: opts.trustedKeys, onCommitted: () => readSide.notify() });
  await consumer.start();
  return {
    readSide,
    consumer,
    async caughtUp(timeoutMs = 300_000) {
      const admin = opts.kafka.admin();
      await admin.connect();
      const ends = await admin.fetchTopicOffsets(opts.topic).finally(() => admin.disconnect());
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const rows = await db.query<{ kafka_partition: number; last_offset: number }>('SELECT kafka_partition, last_offset FROM read_offsets WHERE topic = $1', [opts.topic]);
        const at = new Map(rows.map((r) => [r.kafka_partition, r.last_offset]));
        if (ends.every((e) => Number(e.high) === 0 || (at.get(e.partition) ?? -1) >= Number(e.high) - 1)) return;
        if (Date.now() > deadline) throw new Error(`the read side did not catch up with ${opts.topic} in ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    async close() {
      await consumer.stop();
      await readSide.close();
      await opts.onClose?.();
      if (dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}
