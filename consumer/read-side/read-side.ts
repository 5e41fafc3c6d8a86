import type { ReadDb } from '../../adapters/read-db/read-db.ts';
import type { ReadScope } from '../../domain/authorization.ts';
import type { LifecycleState } from '../../domain/lifecycle/state.ts';
import type { GovernanceEvent } from '../../events/envelope.ts';
import type { PendingReview, QuarantinedEventView, SystemSummary, UnstaffedReview } from '../../wire/views.ts';
import { pendingReviews, type InboxPage } from './inbox-query.ts';
import * as q from './queries.ts';
import { openIndicatorFacts, type FactsQuery } from '../indicator-facts.ts';
import type { SystemFacts } from '../../domain/indicators/facts.ts';
import { PROJECTION_TABLES, READ_SIDE_MIGRATIONS, READ_SIDE_MODULE } from './schema.ts';

/** The read side as the API reads it: everything that spans systems, and each system's trail. */
export interface ReadSide {
  readonly db: ReadDb;
  list(scope: ReadScope, filter: q.ReadListFilter): Promise<{ items: SystemSummary[]; nextPageToken: string | null }>;
  pending(scope: ReadScope, member: string, page: InboxPage): Promise<{ items: PendingReview[]; nextPageToken: string | null }>;
  unstaffed(): Promise<UnstaffedReview[]>;
  state(systemId: string): Promise<LifecycleState | undefined>;
  trail(systemId: string): Promise<{ events: GovernanceEvent[]; quarantined: QuarantinedEventView[] }>;
  /** The last sequence of the system's chain the read side has accepted (0: none). */
  sequenceOf(systemId: string): Promise<number>;
  /** Resolves true once the read side has the system at `sequence` or later; false after `timeoutMs`. */
  waitFor(systemId: string, sequence: number, timeoutMs: number): Promise<boolean>;
  /** Wakes waiters at once; the consumer in this process calls it after each commit (others are polled). */
  notify(): void;
  /** The indicator facts rows a window needs (folded by the projection, in its transactions). */
  indicatorFacts(query: FactsQuery): Promise<SystemFacts[]>;
  quarantined(): Promise<{ event: GovernanceEvent; kind: string; detail: string }[]>;
  unknownEvents(): Promise<GovernanceEvent[]>;
  close(): Promise<void>;
}

// How often a waiter looks again when no commit in this process woke it (another instance may be folding).
const POLL_MS = 25;

/**
 * A read side that a version without the facts in its projection wrote has rows but facts folded elsewhere (or
 * none): empty it once, so the consumer folds the topic again from its first record (its stored positions are gone,
 * so it seeks back, see `checkPosition`) and rows, facts and positions agree from then on.
 */
async function refoldOnceForFacts(db: ReadDb): Promise<void> {
  await db.transaction(async (tx) => {
    const marked = await tx.run("INSERT INTO read_meta (key, value) VALUES ('facts_in_projection', '1') ON CONFLICT (key) DO NOTHING");
    if (marked.changes === 0) return;
    for (const table of PROJECTION_TABLES) await tx.run(`DELETE FROM ${table}`);
  });
}

/** Brings the read side's tables up to date in `db` and reads them. */
export async function openReadSide(db: ReadDb): Promise<ReadSide> {
  await db.migrate(READ_SIDE_MODULE, READ_SIDE_MIGRATIONS);
  const facts = await openIndicatorFacts(db);
  await refoldOnceForFacts(db);
  const wakers = new Set<() => void>();
  const sequenceOf = async (systemId: string) =>
    (await db.one<{ sequence: number }>('SELECT sequence FROM read_chain_cursors WHERE system_id = $1', [systemId]))
      ?.sequence ?? 0;
  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        wakers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      wakers.add(wake);
    });
  return {
    db,
    list: (scope, filter) => q.listSystems(db, scope, filter),
    pending: (scope, member, page) => pendingReviews(db, scope, member, page),
    unstaffed: () => q.unstaffedReviews(db),
    state: (id) => q.systemState(db, id),
    trail: (id) => q.systemTrail(db, id),
    sequenceOf,
    async waitFor(systemId, sequence, timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        if ((await sequenceOf(systemId)) >= sequence) return true;
        const left = deadline - Date.now();
        if (left <= 0) return false;
        await pause(Math.min(POLL_MS, left));
      }
    },
    notify: () => {
      for (const wake of [...wakers]) wake();
    },
    indicatorFacts: (query) => facts.query(query),
    quarantined: () => q.quarantinedEvents(db),
    unknownEvents: () => q.unknownEvents(db),
    close: () => db.close(),
  };
}
