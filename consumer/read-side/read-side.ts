import type { ReadDb } from '../../adapters/read-db/read-db.ts';
import type { ReadScope } from '../../domain/authorization.ts';
import type { LifecycleState } from '../../domain/lifecycle/state.ts';
import type { GovernanceEvent } from '../../events/envelope.ts';
import type { PendingReview, QuarantinedEventView, SystemSummary, UnstaffedReview } from '../../wire/views.ts';
import * as q from './queries.ts';
import { READ_SIDE_MIGRATIONS, READ_SIDE_MODULE } from './schema.ts';

/** The read side as the API reads it: everything that spans systems, and each system's trail. */
export interface ReadSide {
  readonly db: ReadDb;
  list(scope: ReadScope, filter: q.ReadListFilter): Promise<{ items: SystemSummary[]; nextPageToken: string | null }>;
  pending(scope: ReadScope, member: string): Promise<PendingReview[]>;
  unstaffed(): Promise<UnstaffedReview[]>;
  state(systemId: string): Promise<LifecycleState | undefined>;
  trail(systemId: string): Promise<{ events: GovernanceEvent[]; quarantined: QuarantinedEventView[] }>;
  /** The last sequence of the system's chain the read side has accepted (0: none). */
  sequenceOf(systemId: string): Promise<number>;
  /** Resolves true once the read side has the system at `sequence` or later; false after `timeoutMs`. */
  waitFor(systemId: string, sequence: number, timeoutMs: number): Promise<boolean>;
  /** Wakes waiters at once; the consumer in this process calls it after each commit (others are polled). */
  notify(): void;
  quarantined(): Promise<{ event: GovernanceEvent; kind: string; detail: string }[]>;
  unknownEvents(): Promise<GovernanceEvent[]>;
  close(): Promise<void>;
}

// How often a waiter looks again when no commit in this process woke it (another instance may be folding).
const POLL_MS = 25;

/** Brings the read side's tables up to date in `db` and reads them. */
export async function openReadSide(db: ReadDb): Promise<ReadSide> {
  await db.migrate(READ_SIDE_MODULE, READ_SIDE_MIGRATIONS);
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
    pending: (scope, member) => q.pendingReviews(db, scope, member),
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
    quarantined: () => q.quarantinedEvents(db),
    unknownEvents: () => q.unknownEvents(db),
    close: () => db.close(),
  };
}
