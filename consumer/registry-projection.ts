import Database from 'better-sqlite3';
import type { DomainEvent } from '../domain/lifecycle/events.ts';
import { evolve } from '../domain/lifecycle/evolve.ts';
import { initialState, type LifecycleState } from '../domain/lifecycle/state.ts';
import { catalogueEntry } from '../events/catalogue.ts';
import type { ChainProblem } from '../events/chain.ts';
import type { ChainCursor, ChainStore } from '../events/chain-tracker.ts';
import { shortEventType, type GovernanceEvent } from '../events/envelope.ts';

/** One AI system as the registry lists it. */
export interface RegistryEntry {
  systemId: string;
  name: string | null;
  stage: string;
  tier: string | null;
  owner: string | null;
  ownerTeam: string | null;
  sector: string | null;
  policyVersion: string | null;
  nextReReviewAt: string | null;
  openConditions: string[];
  incidents: { incidentId: string; severity: string; reportDueAt: string }[];
  sequence: number;
  lastHash: string | null;
  updatedAt: string;
}

/** The registry of all AI systems, kept in SQLite, rebuilt by folding the topic with the workflow's `evolve`. */
export interface RegistryProjection {
  /** Folds one event into its system; false when the event was folded before (idempotent by sequence). */
  apply(event: GovernanceEvent): boolean;
  entry(systemId: string): RegistryEntry | undefined;
  list(): RegistryEntry[];
  /** The full folded state, the same shape as the workflow's getState query. */
  state(systemId: string): LifecycleState | undefined;
  /** Events of types this version cannot fold, kept rather than dropped. */
  unknownEvents(): GovernanceEvent[];
  /** Keeps an event that was not folded (not the engine's, or a conflict) with the reason, for an operator. */
  quarantine(event: GovernanceEvent, problem: ChainProblem): void;
  /** The quarantined events with their reasons, oldest first. */
  quarantined(): { event: GovernanceEvent; kind: string; detail: string }[];
  /** Chain cursors in the same database, so dedupe survives a restart. */
  readonly chainStore: ChainStore;
  close(): void;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS systems (
  system_id TEXT PRIMARY KEY, name TEXT, stage TEXT NOT NULL, tier TEXT, owner TEXT, owner_team TEXT, sector TEXT,
  policy_version TEXT, next_re_review_at TEXT, open_conditions TEXT NOT NULL, incidents TEXT NOT NULL,
  sequence INTEGER NOT NULL, last_hash TEXT, updated_at TEXT NOT NULL, state TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS systems_stage ON systems (stage);
CREATE TABLE IF NOT EXISTS chain_cursors (system_id TEXT PRIMARY KEY, sequence INTEGER NOT NULL, hash TEXT NOT NULL, missing TEXT);
CREATE TABLE IF NOT EXISTS chain_links (system_id TEXT NOT NULL, sequence INTEGER NOT NULL, hash TEXT NOT NULL, PRIMARY KEY (system_id, sequence));
CREATE TABLE IF NOT EXISTS unknown_events (id TEXT PRIMARY KEY, event TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS quarantine (n INTEGER PRIMARY KEY AUTOINCREMENT, event TEXT NOT NULL, kind TEXT NOT NULL, detail TEXT NOT NULL);`;

interface SystemRow {
  system_id: string;
  name: string | null;
  stage: string;
  tier: string | null;
  owner: string | null;
  owner_team: string | null;
  sector: string | null;
  policy_version: string | null;
  next_re_review_at: string | null;
  open_conditions: string;
  incidents: string;
  sequence: number;
  last_hash: string | null;
  updated_at: string;
  state: string;
}

const toEntry = (r: SystemRow): RegistryEntry => ({
  systemId: r.system_id,
  name: r.name,
  stage: r.stage,
  tier: r.tier,
  owner: r.owner,
  ownerTeam: r.owner_team,
  sector: r.sector,
  policyVersion: r.policy_version,
  nextReReviewAt: r.next_re_review_at,
  openConditions: JSON.parse(r.open_conditions) as string[],
  incidents: JSON.parse(r.incidents) as RegistryEntry['incidents'],
  sequence: r.sequence,
  lastHash: r.last_hash,
  updatedAt: r.updated_at,
});

/** Opens (or creates) the registry at a file path, or in memory with ':memory:'. */
export function openRegistryProjection(path: string): RegistryProjection {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.exec(SCHEMA);
  const getRow = db.prepare<[string], SystemRow>('SELECT * FROM systems WHERE system_id = ?');
  const upsert = db.prepare(`INSERT INTO systems VALUES (@system_id, @name, @stage, @tier, @owner, @owner_team, @sector,
    @policy_version, @next_re_review_at, @open_conditions, @incidents, @sequence, @last_hash, @updated_at, @state)
    ON CONFLICT (system_id) DO UPDATE SET name = excluded.name, stage = excluded.stage, tier = excluded.tier,
    owner = excluded.owner, owner_team = excluded.owner_team, sector = excluded.sector, policy_version = excluded.policy_version,
    next_re_review_at = excluded.next_re_review_at, open_conditions = excluded.open_conditions, incidents = excluded.incidents,
    sequence = excluded.sequence, last_hash = excluded.last_hash, updated_at = excluded.updated_at, state = excluded.state`);
  const getCursor = db.prepare<[string], { sequence: number; hash: string; missing: string | null }>(
    'SELECT sequence, hash, missing FROM chain_cursors WHERE system_id = ?',
  );
  const putCursor = db.prepare('INSERT OR REPLACE INTO chain_cursors VALUES (?, ?, ?, ?)');
  const putUnknown = db.prepare('INSERT OR IGNORE INTO unknown_events VALUES (?, ?)');
  const getLink = db.prepare<[string, number], { hash: string }>('SELECT hash FROM chain_links WHERE system_id = ? AND sequence = ?');
  const putLink = db.prepare('INSERT OR REPLACE INTO chain_links VALUES (?, ?, ?)');
  const putQuarantine = db.prepare('INSERT INTO quarantine (event, kind, detail) VALUES (?, ?, ?)');
  const accept = db.transaction((systemId: string, c: ChainCursor, link: { sequence: number; hash: string }) => {
    putCursor.run(systemId, c.sequence, c.hash, c.missing ? JSON.stringify(c.missing) : null);
    putLink.run(systemId, link.sequence, link.hash);
  });

  const apply = db.transaction((event: GovernanceEvent): boolean => {
    const short = shortEventType(event.type);
    if (!short || !catalogueEntry(event.type)) {
      putUnknown.run(event.id, JSON.stringify(event));
      return false;
    }
    const row = getRow.get(event.subject);
    const before = row ? (JSON.parse(row.state) as LifecycleState) : initialState(event.subject);
    if (event.sequence <= before.sequence) return false;
    const folded = evolve(before, { type: short, data: event.data } as DomainEvent, event.hash);
    // The chain's sequence, not a count: a skipped unknown event must not shift every later one.
    const state: LifecycleState = { ...folded, sequence: event.sequence };
    upsert.run({
      system_id: state.systemId,
      name: state.proposal?.name ?? null,
      stage: state.stage,
      tier: state.tier,
      owner: state.proposal?.owner ?? null,
      owner_team: state.proposal?.ownerTeam ?? null,
      sector: state.proposal?.sector ?? null,
      policy_version: state.policyVersion,
      next_re_review_at: state.nextReReviewAt,
      open_conditions: JSON.stringify(state.conditions.filter((c) => c.status === 'open').map((c) => c.id)),
      incidents: JSON.stringify(
        state.incidents.map((i) => ({ incidentId: i.incidentId, severity: i.severity, reportDueAt: i.reportDueAt })),
      ),
      sequence: state.sequence,
      last_hash: state.lastHash,
      updated_at: event.time,
      state: JSON.stringify(state),
    });
    return true;
  });

  return {
    apply: (event) => apply(event),
    entry: (systemId) => {
      const row = getRow.get(systemId);
      return row ? toEntry(row) : undefined;
    },
    list: () => db.prepare<[], SystemRow>('SELECT * FROM systems ORDER BY system_id').all().map(toEntry),
    state: (systemId) => {
      const row = getRow.get(systemId);
      return row ? (JSON.parse(row.state) as LifecycleState) : undefined;
    },
    unknownEvents: () =>
      db
        .prepare<[], { event: string }>('SELECT event FROM unknown_events')
        .all()
        .map((r) => JSON.parse(r.event) as GovernanceEvent),
    chainStore: {
      get: (systemId): ChainCursor | undefined => {
        const c = getCursor.get(systemId);
        return c
          ? { sequence: c.sequence, hash: c.hash, ...(c.missing ? { missing: JSON.parse(c.missing) as number[] } : {}) }
          : undefined;
      },
      hashAt: (systemId, sequence) => getLink.get(systemId, sequence)?.hash,
      accept: (systemId, c, link) => void accept(systemId, c, link),
    },
    quarantine: (event, problem) => void putQuarantine.run(JSON.stringify(event), problem.kind, problem.detail),
    quarantined: () =>
      db
        .prepare<[], { event: string; kind: string; detail: string }>('SELECT event, kind, detail FROM quarantine ORDER BY n')
        .all()
        .map((r) => ({ event: JSON.parse(r.event) as GovernanceEvent, kind: r.kind, detail: r.detail })),
    close: () => db.close(),
  };
}
