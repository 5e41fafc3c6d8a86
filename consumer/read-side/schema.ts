import type { Migration } from '../../adapters/read-db/read-db.ts';

/** The read side's module name in the migration ledger. */
export const READ_SIDE_MODULE = 'read-side';

/**
 * The projection's tables. Forward-only: add a step at the end, never edit one. Every table the projection writes
 * is named in {@link PROJECTION_TABLES}, so a rebuild empties them all.
 */
export const READ_SIDE_MIGRATIONS: readonly Migration[] = [
  {
    id: 'systems-trail-inbox',
    sql: {
      sqlite: tables('INTEGER PRIMARY KEY AUTOINCREMENT'),
      postgres: tables('BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY'),
    },
  },
  {
    // The list's order is newest first with ties by id: an index in that mixed order hands a page over in order, where
    // the ascending ones made the engine sort every matching row before taking the first fifty.
    id: 'list-order-indexes',
    sql: `
CREATE INDEX read_systems_newest ON read_systems (started_at DESC, system_id ASC);
CREATE INDEX read_systems_stage_newest ON read_systems (stage, started_at DESC, system_id ASC);`,
  },
];

function tables(identity: string): string {
  return `
CREATE TABLE read_systems (
  system_id TEXT PRIMARY KEY, name TEXT, stage TEXT NOT NULL, tier TEXT, owner TEXT, owner_team TEXT, sector TEXT,
  pack TEXT, policy_version TEXT, next_re_review_at TEXT, open_conditions TEXT NOT NULL, incidents TEXT NOT NULL,
  terminal INTEGER NOT NULL, search TEXT NOT NULL, sequence BIGINT NOT NULL, last_hash TEXT,
  started_at TEXT NOT NULL, updated_at TEXT NOT NULL, state TEXT NOT NULL);
CREATE INDEX read_systems_stage ON read_systems (stage, started_at, system_id);
CREATE INDEX read_systems_tier ON read_systems (tier);
CREATE INDEX read_systems_sector ON read_systems (sector);
CREATE INDEX read_systems_owner ON read_systems (owner);
CREATE INDEX read_systems_pack ON read_systems (pack);
CREATE INDEX read_systems_order ON read_systems (started_at, system_id);
CREATE TABLE read_system_readers (system_id TEXT NOT NULL, reader TEXT NOT NULL, PRIMARY KEY (reader, system_id));
CREATE INDEX read_system_readers_system ON read_system_readers (system_id);
CREATE TABLE read_events (
  system_id TEXT NOT NULL, sequence BIGINT NOT NULL, hash TEXT NOT NULL, type TEXT NOT NULL, known INTEGER NOT NULL,
  event TEXT NOT NULL, PRIMARY KEY (system_id, sequence));
CREATE TABLE read_inbox (
  member TEXT NOT NULL, system_id TEXT NOT NULL, name TEXT, tier TEXT, round INTEGER NOT NULL, purpose TEXT NOT NULL,
  committee TEXT NOT NULL, deadline TEXT NOT NULL, urgent INTEGER NOT NULL, votes_cast INTEGER NOT NULL,
  expected_voters INTEGER NOT NULL, PRIMARY KEY (member, system_id));
CREATE INDEX read_inbox_deadline ON read_inbox (member, deadline, system_id);
CREATE INDEX read_inbox_system ON read_inbox (system_id);
CREATE TABLE read_unstaffed (
  system_id TEXT PRIMARY KEY, purpose TEXT NOT NULL, committee TEXT NOT NULL, reason TEXT NOT NULL);
CREATE TABLE read_chain_cursors (system_id TEXT PRIMARY KEY, sequence BIGINT NOT NULL, hash TEXT NOT NULL, missing TEXT);
CREATE TABLE read_quarantine (
  n ${identity}, system_id TEXT NOT NULL, sequence BIGINT NOT NULL, kind TEXT NOT NULL, detail TEXT NOT NULL,
  event TEXT NOT NULL);
CREATE INDEX read_quarantine_system ON read_quarantine (system_id, sequence);
CREATE TABLE read_offsets (topic TEXT NOT NULL, kafka_partition INTEGER NOT NULL, last_offset BIGINT NOT NULL, PRIMARY KEY (topic, kafka_partition));
CREATE TABLE read_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);`;
}

/**
 * The tables that hold what the projection folded from the topic (not the migration ledger, not read_meta), the
 * indicator facts (`consumer/indicator-facts.ts`) among them.
 */
export const PROJECTION_TABLES = [
  'read_systems',
  'read_system_readers',
  'read_events',
  'read_inbox',
  'read_unstaffed',
  'read_chain_cursors',
  'read_quarantine',
  'indicator_facts',
  'indicator_fact_buckets',
  'read_offsets',
] as const;
