import Database from 'better-sqlite3';
import type { ChainCursor, ChainStore } from '../../events/chain-tracker.ts';
import type { Notice, SystemFacts } from './notice.ts';

/** How a notice travels: an email to a person, or a signed POST to a webhook target. */
export type Channel = 'email' | 'webhook';
/** pending (to send, perhaps again), sent, failed (gave up, with the reason) or skipped (never to be sent, why). */
export type DeliveryStatus = 'pending' | 'sent' | 'failed' | 'skipped';

/** One planned message: a notice to one recipient (person id or target id) on one channel. */
export interface PlannedDelivery {
  readonly recipient: string;
  readonly channel: Channel;
  /** Set for a delivery recorded but never to be sent (no address on file, the event too old). */
  readonly skipped?: string;
}

/** One row of the ledger. */
export interface Delivery {
  readonly eventId: string;
  readonly recipient: string;
  readonly channel: Channel;
  readonly notice: Notice;
  readonly status: DeliveryStatus;
  readonly attempts: number;
  readonly lastError: string | null;
}

/** Where the consumer was when it planned an event's messages. */
export interface ConsumerPosition {
  readonly partition: number;
  readonly offset: string;
}

/**
 * The delivery ledger: every planned message keyed by event id + recipient + channel, with what each system's chain
 * cursor and the consumer's offsets were. An event's plan, its system's facts, its cursor and its offset are written
 * in one transaction (when the consumer accepts the event), so a restart or a redelivery neither plans twice nor
 * loses a plan.
 */
export interface DeliveryLedger {
  /** Remembers the plan of an event until the consumer accepts it (then it is written with the cursor). */
  stage(systemId: string, sequence: number, plan: { facts: SystemFacts; notice: Notice | null; deliveries: PlannedDelivery[]; position: ConsumerPosition }): void;
  facts(systemId: string): SystemFacts | undefined;
  /** Pending deliveries whose next attempt is due at `nowMs`, oldest first. */
  due(nowMs: number, limit?: number): Delivery[];
  markSent(d: Delivery, at: string): void;
  markRetry(d: Delivery, error: string, nextAttemptAtMs: number): void;
  markFailed(d: Delivery, error: string): void;
  deliveries(filter?: { eventId?: string; status?: DeliveryStatus }): Delivery[];
  /** The last offset planned per partition (what the consumer had reached). */
  positions(): ConsumerPosition[];
  /** The chain cursors of this database: the consumer helper's dedupe across restarts. */
  readonly chainStore: ChainStore;
  close(): void;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS chain_cursors (system_id TEXT PRIMARY KEY, sequence INTEGER NOT NULL, hash TEXT NOT NULL, missing TEXT);
CREATE TABLE IF NOT EXISTS chain_links (system_id TEXT NOT NULL, sequence INTEGER NOT NULL, hash TEXT NOT NULL, PRIMARY KEY (system_id, sequence));
CREATE TABLE IF NOT EXISTS systems (system_id TEXT PRIMARY KEY, facts TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS positions (partition INTEGER PRIMARY KEY, offset TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS deliveries (
  n INTEGER PRIMARY KEY AUTOINCREMENT, event_id TEXT NOT NULL, recipient TEXT NOT NULL, channel TEXT NOT NULL,
  notice TEXT NOT NULL, status TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, next_attempt_at INTEGER NOT NULL,
  last_error TEXT, sent_at TEXT, kafka_partition INTEGER NOT NULL, kafka_offset TEXT NOT NULL,
  UNIQUE (event_id, recipient, channel));
CREATE INDEX IF NOT EXISTS deliveries_due ON deliveries (status, next_attempt_at);`;

interface Row {
  event_id: string;
  recipient: string;
  channel: Channel;
  notice: string;
  status: DeliveryStatus;
  attempts: number;
  last_error: string | null;
}

const toDelivery = (r: Row): Delivery => ({
  eventId: r.event_id,
  recipient: r.recipient,
  channel: r.channel,
  notice: JSON.parse(r.notice) as Notice,
  status: r.status,
  attempts: r.attempts,
  lastError: r.last_error,
});

type Staged = Parameters<DeliveryLedger['stage']>[2];

/** Opens (or creates) the ledger at a file path, or in memory with ':memory:'. */
export function openDeliveryLedger(path: string): DeliveryLedger {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.exec(SCHEMA);
  const staged = new Map<string, Staged>();
  const getCursor = db.prepare<[string], { sequence: number; hash: string; missing: string | null }>('SELECT sequence, hash, missing FROM chain_cursors WHERE system_id = ?');
  const putCursor = db.prepare('INSERT OR REPLACE INTO chain_cursors VALUES (?, ?, ?, ?)');
  const getLink = db.prepare<[string, number], { hash: string }>('SELECT hash FROM chain_links WHERE system_id = ? AND sequence = ?');
  const putLink = db.prepare('INSERT OR REPLACE INTO chain_links VALUES (?, ?, ?)');
  const getFacts = db.prepare<[string], { facts: string }>('SELECT facts FROM systems WHERE system_id = ?');
  const putFacts = db.prepare('INSERT OR REPLACE INTO systems VALUES (?, ?)');
  const putPosition = db.prepare('INSERT OR REPLACE INTO positions VALUES (?, ?)');
  // OR IGNORE: a plan written once is never written again, whatever redelivers its event.
  const plan = db.prepare(`INSERT OR IGNORE INTO deliveries (event_id, recipient, channel, notice, status, next_attempt_at, last_error, kafka_partition, kafka_offset)
    VALUES (@eventId, @recipient, @channel, @notice, @status, 0, @lastError, @partition, @offset)`);
  const update = db.prepare(`UPDATE deliveries SET status = @status, attempts = attempts + @tried, next_attempt_at = @next, last_error = @error, sent_at = @sentAt
    WHERE event_id = @eventId AND recipient = @recipient AND channel = @channel`);

  const accept = db.transaction((systemId: string, c: ChainCursor, link: { sequence: number; hash: string }) => {
    const s = staged.get(`${systemId}:${link.sequence}`);
    staged.delete(`${systemId}:${link.sequence}`);
    if (s) {
      putFacts.run(systemId, JSON.stringify(s.facts));
      putPosition.run(s.position.partition, s.position.offset);
      const { notice, position } = s;
      if (notice)
        for (const d of s.deliveries) {
          const row = { eventId: notice.eventId, recipient: d.recipient, channel: d.channel, notice: JSON.stringify(notice) };
          plan.run({ ...row, status: d.skipped ? 'skipped' : 'pending', lastError: d.skipped ?? null, ...position });
        }
    }
    putCursor.run(systemId, c.sequence, c.hash, c.missing ? JSON.stringify(c.missing) : null);
    putLink.run(systemId, link.sequence, link.hash);
  });
  const set = (d: Delivery, fields: { status: DeliveryStatus; tried: number; next: number; error: string | null; sentAt: string | null }) =>
    void update.run({ ...fields, eventId: d.eventId, recipient: d.recipient, channel: d.channel });

  return {
    stage: (systemId, sequence, p) => void staged.set(`${systemId}:${sequence}`, p),
    facts: (systemId) => {
      const row = getFacts.get(systemId);
      return row ? (JSON.parse(row.facts) as SystemFacts) : undefined;
    },
    due: (nowMs, limit = 50) =>
      db.prepare<[number, number], Row>(`SELECT * FROM deliveries WHERE status = 'pending' AND next_attempt_at <= ? ORDER BY n LIMIT ?`).all(nowMs, limit).map(toDelivery),
    markSent: (d, at) => set(d, { status: 'sent', tried: 1, next: 0, error: null, sentAt: at }),
    markRetry: (d, error, next) => set(d, { status: 'pending', tried: 1, next, error, sentAt: null }),
    markFailed: (d, error) => set(d, { status: 'failed', tried: 1, next: 0, error, sentAt: null }),
    deliveries: (filter = {}) =>
      db
        .prepare<[{ eventId: string | null; status: string | null }], Row>(
          'SELECT * FROM deliveries WHERE (@eventId IS NULL OR event_id = @eventId) AND (@status IS NULL OR status = @status) ORDER BY n',
        )
        .all({ eventId: filter.eventId ?? null, status: filter.status ?? null })
        .map(toDelivery),
    positions: () => db.prepare<[], ConsumerPosition>('SELECT partition, offset FROM positions ORDER BY partition').all(),
    chainStore: {
      get: (systemId) => {
        const c = getCursor.get(systemId);
        return c ? { sequence: c.sequence, hash: c.hash, ...(c.missing ? { missing: JSON.parse(c.missing) as number[] } : {}) } : undefined;
      },
      hashAt: (systemId, sequence) => getLink.get(systemId, sequence)?.hash,
      accept: (systemId, c, link) => void accept(systemId, c, link),
    },
    close: () => db.close(),
  };
}
