import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ReadDb } from '../../../adapters/read-db/read-db.ts';
import { openSqliteReadDb } from '../../../adapters/read-db/sqlite.ts';
import { createProjectionConsumer, type ProjectionConsumer } from '../../../consumer/read-side/projection-consumer.ts';
import { openReadSide, type ReadSide } from '../../../consumer/read-side/read-side.ts';
import type { RecordOutcome } from '../../../consumer/read-side/writer.ts';
import type { ChainProblem } from '../../../events/chain.ts';
import type { TrustedKeys } from '../../../events/keyring.ts';
import { testEventKeys } from '../../support/test-keys.ts';
import { testKafka } from './kafka.ts';

/** A read side folding a test topic with the real consumer, as the API process runs it. */
export interface RunningReadSide {
  readonly readSide: ReadSide;
  readonly consumer: ProjectionConsumer;
  /** Stops the consumer (the database stays open unless `close`). */
  stop(): Promise<void>;
  close(): Promise<void>;
}

/** Starts the read side's consumer on `topic` over `db` (default: a fresh SQLite file), resolving once it has joined. */
export async function startReadSide(
  topic: string,
  opts: {
    db?: ReadDb;
    groupId?: string;
    problems?: ChainProblem[];
    onCommitted?: (outcome: RecordOutcome) => void;
    /** The event keys the projection trusts (the test key by default). */
    trustedKeys?: TrustedKeys;
  } = {},
): Promise<RunningReadSide> {
  const db = opts.db ?? openSqliteReadDb(join(mkdtempSync(join(tmpdir(), 'govflow-read-')), 'read-side.sqlite'));
  const readSide = await openReadSide(db);
  const consumer = createProjectionConsumer({
    kafka: testKafka,
    db,
    topic,
    trustedKeys: opts.trustedKeys ?? testEventKeys.trusted,
    ...(opts.groupId ? { groupId: opts.groupId } : {}),
    onChainProblem: (p) => void opts.problems?.push(p),
    onCommitted: (outcome) => {
      readSide.notify();
      opts.onCommitted?.(outcome);
    },
  });
  await consumer.start();
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await consumer.stop();
  };
  return {
    readSide,
    consumer,
    stop,
    close: async () => {
      await stop();
      await readSide.close();
    },
  };
}

/** Every row the read side folded, in a stable order (quarantine without its insertion number), to compare two. */
export async function dumpReadSide(db: ReadDb): Promise<Record<string, unknown[]>> {
  const all = (sql: string) => db.query(sql);
  return {
    systems: await all('SELECT * FROM read_systems ORDER BY system_id'),
    readers: await all('SELECT * FROM read_system_readers ORDER BY system_id, reader'),
    events: await all('SELECT * FROM read_events ORDER BY system_id, sequence'),
    inbox: await all('SELECT * FROM read_inbox ORDER BY member, system_id'),
    unstaffed: await all('SELECT * FROM read_unstaffed ORDER BY system_id'),
    cursors: await all('SELECT * FROM read_chain_cursors ORDER BY system_id'),
    quarantine: await all('SELECT system_id, sequence, kind, detail, event FROM read_quarantine ORDER BY system_id, sequence, kind, event'),
    offsets: await all('SELECT * FROM read_offsets ORDER BY topic, kafka_partition'),
    // Folded in the same transactions, so rebuilt with the rest.
    indicatorFacts: await all('SELECT system_id, sector, tier, pack, proposed_at, sequence, facts FROM indicator_facts ORDER BY system_id'),
    indicatorFactBuckets: await all('SELECT * FROM indicator_fact_buckets ORDER BY system_id, year'),
  };
}

/** Waits until the read side has applied every record the topic holds now. */
export async function waitForTopicEnd(db: ReadDb, topic: string, timeoutMs = 60_000): Promise<void> {
  const admin = testKafka.admin();
  await admin.connect();
  const ends = await admin.fetchTopicOffsets(topic).finally(() => admin.disconnect());
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const rows = await db.query<{ kafka_partition: number; last_offset: number }>(
      'SELECT kafka_partition, last_offset FROM read_offsets WHERE topic = $1',
      [topic],
    );
    const at = new Map(rows.map((r) => [r.kafka_partition, r.last_offset]));
    const behind = ends.filter((e) => Number(e.high) > 0 && (at.get(e.partition) ?? -1) < Number(e.high) - 1);
    if (behind.length === 0) return;
    if (Date.now() > deadline)
      throw new Error(`read side still behind the end of ${topic} after ${timeoutMs} ms on partitions ${behind.map((b) => b.partition).join(', ')}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
