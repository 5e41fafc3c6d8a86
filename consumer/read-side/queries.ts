import type { SqlRunner, SqlValue } from '../../adapters/read-db/read-db.ts';
import type { ReadScope } from '../../domain/authorization.ts';
import type { LifecycleState } from '../../domain/lifecycle/state.ts';
import type { GovernanceEvent } from '../../events/envelope.ts';
import type { QuarantinedEventView, SystemSummary, UnstaffedReview } from '../../wire/views.ts';
import { decodeListCursor, encodeListCursor } from './list-cursor.ts';

/** Which systems to list: every filter optional, combined with AND; `text` searches id, name, team, people, purpose. */
export interface ReadListFilter {
  readonly stage?: string | undefined;
  readonly tier?: string | undefined;
  readonly sector?: string | undefined;
  readonly owner?: string | undefined;
  readonly pack?: string | undefined;
  readonly text?: string | undefined;
  readonly pageSize: number;
  readonly pageToken?: string | undefined;
}

interface ListedRow {
  system_id: string;
  name: string | null;
  stage: string;
  tier: string | null;
  sector: string | null;
  owner: string | null;
  pack: string | null;
  terminal: number;
  sequence: number;
  started_at: string;
  updated_at: string;
}

// The page's order is newest first (as the visibility store lists), ties by id; the cursor is the last row's pair.
const ORDER = 'ORDER BY started_at DESC, system_id ASC';

/** One page of the systems `scope` may read, matching `filter`. */
export async function listSystems(db: SqlRunner, scope: ReadScope, filter: ReadListFilter): Promise<{ items: SystemSummary[]; nextPageToken: string | null }> {
  if (scope.kind === 'none') return { items: [], nextPageToken: null };
  const where: string[] = ['name IS NOT NULL'];
  const params: SqlValue[] = [];
  const bind = (v: SqlValue) => `$${params.push(v)}`;
  for (const [column, value] of [['stage', filter.stage], ['tier', filter.tier], ['sector', filter.sector], ['owner', filter.owner], ['pack', filter.pack]] as const)
    if (value !== undefined) where.push(`${column} = ${bind(value)}`);
  if (filter.text) where.push(`search LIKE ${bind(`%${escapeLike(filter.text.toLowerCase())}%`)} ESCAPE '\\'`);
  // A probe per row read, in page order, rather than a set of every system the caller may read built per request.
  if (scope.kind === 'related')
    where.push(`EXISTS (SELECT 1 FROM read_system_readers r WHERE r.reader = ${bind(scope.sub)} AND r.system_id = read_systems.system_id)`);
  const after = filter.pageToken === undefined ? undefined : decodeListCursor(filter.pageToken);
  if (after) {
    const at = bind(after.startedAt);
    where.push(`(started_at < ${at} OR (started_at = ${at} AND system_id > ${bind(after.systemId)}))`);
  }
  const rows = await db.query<ListedRow>(
    `SELECT system_id, name, stage, tier, sector, owner, pack, terminal, sequence, started_at, updated_at FROM read_systems
     WHERE ${where.join(' AND ')} ${ORDER} LIMIT ${bind(filter.pageSize + 1)}`,
    params,
  );
  const page = rows.slice(0, filter.pageSize);
  const last = page.at(-1);
  const more = rows.length > filter.pageSize && last !== undefined;
  return {
    items: page.map(summaryOf),
    nextPageToken: more ? encodeListCursor({ startedAt: last.started_at, systemId: last.system_id }) : null,
  };
}

const escapeLike = (s: string): string => s.replace(/[\\%_]/g, (c) => `\\${c}`);

const summaryOf = (r: ListedRow): SystemSummary => ({
  systemId: r.system_id,
  workflowId: `ai-system:${r.system_id}`,
  stage: r.stage,
  tier: r.tier,
  sector: r.sector,
  owner: r.owner,
  status: r.terminal ? 'COMPLETED' : 'RUNNING',
  startedAt: r.started_at,
  name: r.name,
  pack: r.pack,
  sequence: r.sequence,
  updatedAt: r.updated_at,
});

/** The reviews that could not be staffed, by system id. */
export async function unstaffedReviews(db: SqlRunner): Promise<UnstaffedReview[]> {
  const rows = await db.query<{ system_id: string; name: string | null; stage: string; tier: string | null; purpose: string; committee: string; reason: string }>(
    `SELECT u.system_id, s.name, s.stage, s.tier, u.purpose, u.committee, u.reason
     FROM read_unstaffed u JOIN read_systems s ON s.system_id = u.system_id WHERE s.terminal = 0 ORDER BY u.system_id`,
  );
  return rows.map((r) => ({
    systemId: r.system_id,
    name: r.name,
    stage: r.stage as UnstaffedReview['stage'],
    tier: r.tier as UnstaffedReview['tier'],
    purpose: r.purpose as UnstaffedReview['purpose'],
    committee: r.committee,
    reason: r.reason,
  }));
}

/** A system's folded state (the workflow's getState shape), or undefined when the read side has none. */
export async function systemState(db: SqlRunner, systemId: string): Promise<LifecycleState | undefined> {
  const row = await db.one<{ state: string }>('SELECT state FROM read_systems WHERE system_id = $1', [systemId]);
  return row ? (JSON.parse(row.state) as LifecycleState) : undefined;
}

/** The last sequence the read side folded for a system; 0 when it has none. */
export async function systemSequence(db: SqlRunner, systemId: string): Promise<number> {
  const row = await db.one<{ sequence: number }>('SELECT sequence FROM read_systems WHERE system_id = $1', [systemId]);
  return row?.sequence ?? 0;
}

/** A system's verified trail in sequence order, and what was set aside for it (not the engine's, or a conflict). */
export async function systemTrail(db: SqlRunner, systemId: string): Promise<{ events: GovernanceEvent[]; quarantined: QuarantinedEventView[] }> {
  const events = await db.query<{ event: string }>('SELECT event FROM read_events WHERE system_id = $1 ORDER BY sequence', [systemId]);
  const quarantined = await db.query<QuarantinedEventView>(
    'SELECT sequence, kind, detail FROM read_quarantine WHERE system_id = $1 ORDER BY sequence, n',
    [systemId],
  );
  return { events: events.map((e) => JSON.parse(e.event) as GovernanceEvent), quarantined };
}

/** Every quarantined event with its reason, oldest first. */
export async function quarantinedEvents(db: SqlRunner): Promise<{ event: GovernanceEvent; kind: string; detail: string }[]> {
  const rows = await db.query<{ event: string; kind: string; detail: string }>('SELECT event, kind, detail FROM read_quarantine ORDER BY n');
  return rows.map((r) => ({ event: JSON.parse(r.event) as GovernanceEvent, kind: r.kind, detail: r.detail }));
}

/** Events of types this version cannot fold: in the trail, never folded. */
export async function unknownEvents(db: SqlRunner): Promise<GovernanceEvent[]> {
  const rows = await db.query<{ event: string }>('SELECT event FROM read_events WHERE known = 0 ORDER BY system_id, sequence');
  return rows.map((r) => JSON.parse(r.event) as GovernanceEvent);
}
