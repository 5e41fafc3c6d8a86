import type { KafkaMessage } from 'kafkajs';
import type { SqlRunner, SqlValue } from '../../adapters/read-db/read-db.ts';
import type { DomainEvent } from '../../domain/lifecycle/events.ts';
import { evolve } from '../../domain/lifecycle/evolve.ts';
import { initialState, type LifecycleState } from '../../domain/lifecycle/state.ts';
import { catalogueEntry } from '../../events/catalogue.ts';
import type { ChainProblem } from '../../events/chain.ts';
import { checkNext, type ChainCursor } from '../../events/chain-tracker.ts';
import { shortEventType, type GovernanceEvent } from '../../events/envelope.ts';
import type { TrustedKeys } from '../../events/keyring.ts';
import { decodeMessage } from '../governance-consumer.ts';
import { foldFactsIn } from '../indicator-facts.ts';
import { checkPosition } from './position.ts';
import { inboxRows, readerRows, systemRow, unstaffedRow } from './rows.ts';

/** One record of the topic, where it was read. */
export interface TopicRecord {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
  readonly message: Pick<KafkaMessage, 'value'>;
}

/** What became of a record; everything but `ahead` moved the stored position past it in the same transaction. */
export type RecordOutcome =
  | { readonly kind: 'ahead'; readonly from: number }
  | { readonly kind: 'applied_before' }
  | { readonly kind: 'dead_letter'; readonly reason: string }
  | {
      readonly kind: 'folded' | 'unknown' | 'redelivery' | 'quarantined' | 'conflict';
      readonly event: GovernanceEvent;
      readonly problems: readonly ChainProblem[];
    };

// Structural problems of a chain that still deliver the event (it is folded and served); the rest are kept aside.
const DELIVERED_PROBLEMS = new Set(['gap', 'prevhash_mismatch', 'out_of_order']);

/**
 * Applies one record inside `tx`: the position check, the envelope and chain checks, the fold with the workflow's
 * `evolve`, the system's rows, its trail, the inbox, its indicator facts, and the new position, so they commit or
 * vanish together.
 * `firstKept` is the partition's earliest offset on the broker.
 */
export async function applyRecord(
  tx: SqlRunner,
  rec: TopicRecord,
  opts: { keys: TrustedKeys; firstKept: number },
): Promise<RecordOutcome> {
  await tx.run(
    'INSERT INTO read_offsets (topic, kafka_partition, last_offset) VALUES ($1, $2, -1) ON CONFLICT (topic, kafka_partition) DO NOTHING',
    [rec.topic, rec.partition],
  );
  // PostgreSQL: instances sharing the database take turns per partition; SQLite's transactions are already serial.
  const lock = tx.dialect === 'postgres' ? ' FOR UPDATE' : '';
  const at = await tx.one<{ last_offset: number }>(
    `SELECT last_offset FROM read_offsets WHERE topic = $1 AND kafka_partition = $2${lock}`,
    [rec.topic, rec.partition],
  );
  const position = checkPosition(rec.offset, at!.last_offset < 0 ? undefined : at!.last_offset, opts.firstKept);
  if (position.verdict === 'ahead') return { kind: 'ahead', from: position.from };
  if (position.verdict === 'applied') return { kind: 'applied_before' };
  const outcome = await applyMessage(tx, rec.message, opts.keys);
  await tx.run('UPDATE read_offsets SET last_offset = $3 WHERE topic = $1 AND kafka_partition = $2', [
    rec.topic,
    rec.partition,
    rec.offset,
  ]);
  return outcome;
}

async function applyMessage(tx: SqlRunner, message: Pick<KafkaMessage, 'value'>, keys: TrustedKeys): Promise<RecordOutcome> {
  const decoded = decodeMessage(message);
  if (!decoded.ok) return { kind: 'dead_letter', reason: decoded.reason };
  const event = decoded.event;
  const cursorRow = await tx.one<{ sequence: number; hash: string; missing: string | null }>(
    'SELECT sequence, hash, missing FROM read_chain_cursors WHERE system_id = $1',
    [event.subject],
  );
  const cursor: ChainCursor | undefined = cursorRow && {
    sequence: cursorRow.sequence,
    hash: cursorRow.hash,
    ...(cursorRow.missing ? { missing: JSON.parse(cursorRow.missing) as number[] } : {}),
  };
  const known = await tx.one<{ hash: string }>('SELECT hash FROM read_events WHERE system_id = $1 AND sequence = $2', [
    event.subject,
    event.sequence,
  ]);
  const check = checkNext(cursor, event, { keys, knownHash: known?.hash });
  for (const p of check.problems.filter((x) => !DELIVERED_PROBLEMS.has(x.kind)))
    await tx.run('INSERT INTO read_quarantine (system_id, sequence, kind, detail, event) VALUES ($1, $2, $3, $4, $5)', [
      event.subject,
      event.sequence,
      p.kind,
      p.detail,
      JSON.stringify(event),
    ]);
  if (check.decision === 'redelivery') return { kind: 'redelivery', event, problems: check.problems };
  if (check.decision === 'quarantine') return { kind: 'quarantined', event, problems: check.problems };
  if (check.decision === 'conflict') return { kind: 'conflict', event, problems: check.problems };
  const typed = shortEventType(event.type) !== undefined && catalogueEntry(event.type) !== undefined;
  await tx.run(
    'INSERT INTO read_events (system_id, sequence, hash, type, known, event) VALUES ($1, $2, $3, $4, $5, $6)',
    [event.subject, event.sequence, event.hash, event.type, typed ? 1 : 0, JSON.stringify(event)],
  );
  if (typed) await fold(tx, event);
  const c = check.next;
  await tx.run(
    `INSERT INTO read_chain_cursors (system_id, sequence, hash, missing) VALUES ($1, $2, $3, $4)
     ON CONFLICT (system_id) DO UPDATE SET sequence = excluded.sequence, hash = excluded.hash, missing = excluded.missing`,
    [event.subject, c.sequence, c.hash, c.missing && c.missing.length > 0 ? JSON.stringify(c.missing) : null],
  );
  return { kind: typed ? 'folded' : 'unknown', event, problems: check.problems };
}

/** Folds a known event into its system's state and rewrites the rows derived from it, indicator facts included. */
async function fold(tx: SqlRunner, event: GovernanceEvent): Promise<void> {
  const row = await tx.one<{ state: string; started_at: string }>(
    'SELECT state, started_at FROM read_systems WHERE system_id = $1',
    [event.subject],
  );
  const before = row ? (JSON.parse(row.state) as LifecycleState) : initialState(event.subject);
  // An event older than the state (a late copy that filled a gap) is in the trail but changes nothing.
  if (event.sequence <= before.sequence) return;
  const domainEvent = { type: shortEventType(event.type), data: event.data } as DomainEvent;
  // The chain's sequence, not a count: a skipped unknown event must not shift every later one.
  const state: LifecycleState = { ...evolve(before, domainEvent, event.hash), sequence: event.sequence };
  await writeSystemRows(tx, state, { startedAt: row?.started_at ?? state.proposedAt ?? event.time, updatedAt: event.time });
  await foldFactsIn(tx, event, domainEvent, state);
}

/** Writes a system's folded state and every row derived from it (list, read scope, inbox, unstaffed). */
export async function writeSystemRows(tx: SqlRunner, state: LifecycleState, at: { startedAt: string; updatedAt: string }): Promise<void> {
  const columns = systemRow(state, at);
  await tx.run(
    `INSERT INTO read_systems (system_id, name, stage, tier, owner, owner_team, sector, pack, policy_version,
       next_re_review_at, open_conditions, incidents, terminal, search, sequence, last_hash, started_at, updated_at, state)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)
     ON CONFLICT (system_id) DO UPDATE SET name = excluded.name, stage = excluded.stage, tier = excluded.tier,
       owner = excluded.owner, owner_team = excluded.owner_team, sector = excluded.sector, pack = excluded.pack,
       policy_version = excluded.policy_version, next_re_review_at = excluded.next_re_review_at,
       open_conditions = excluded.open_conditions, incidents = excluded.incidents, terminal = excluded.terminal,
       search = excluded.search, sequence = excluded.sequence, last_hash = excluded.last_hash,
       updated_at = excluded.updated_at, state = excluded.state`,
    columns,
  );
  await replaceRows(tx, 'read_system_readers', '(system_id, reader)', state.systemId, readerRows(state));
  await replaceRows(
    tx,
    'read_inbox',
    '(member, system_id, name, tier, round, purpose, committee, deadline, urgent, votes_cast, expected_voters)',
    state.systemId,
    inboxRows(state),
  );
  const unstaffed = unstaffedRow(state);
  await replaceRows(tx, 'read_unstaffed', '(system_id, purpose, committee, reason)', state.systemId, unstaffed ? [unstaffed] : []);
}

async function replaceRows(
  tx: SqlRunner,
  table: string,
  columns: string,
  systemId: string,
  rows: readonly (readonly SqlValue[])[],
): Promise<void> {
  await tx.run(`DELETE FROM ${table} WHERE system_id = $1`, [systemId]);
  for (const row of rows) {
    const placeholders = row.map((_, i) => `$${i + 1}`).join(', ');
    await tx.run(`INSERT INTO ${table} ${columns} VALUES (${placeholders})`, row);
  }
}
