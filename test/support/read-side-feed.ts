import type { ReadDb } from '../../adapters/read-db/read-db.ts';
import { applyRecord, type RecordOutcome } from '../../consumer/read-side/writer.ts';
import type { GovernanceEvent } from '../../events/envelope.ts';
import type { TrustedKeys } from '../../events/keyring.ts';

/**
 * Feeds events to a read side through the same per-record transaction the consumer runs, as if they were the next
 * records of one partition of `topic`: for tests of what the read side serves without a broker in between.
 */
export function createReadSideFeed(db: ReadDb, keys: TrustedKeys, topic = 'unit-test-topic') {
  let offset = 0;
  return async (events: readonly GovernanceEvent[]): Promise<RecordOutcome[]> => {
    const outcomes: RecordOutcome[] = [];
    for (const e of events) {
      const rec = { topic, partition: 0, offset, message: { value: Buffer.from(JSON.stringify(e)) } };
      outcomes.push(await db.transaction((tx) => applyRecord(tx, rec, { keys, firstKept: 0 })));
      offset += 1;
    }
    return outcomes;
  };
}
