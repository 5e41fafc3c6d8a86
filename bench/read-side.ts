import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteReadDb } from '../adapters/read-db/sqlite.ts';
import { openPostgresReadDb } from '../adapters/read-db/postgres.ts';
import type { ReadDb } from '../adapters/read-db/read-db.ts';
import { openReadSide, type ReadSide } from '../consumer/read-side/read-side.ts';
import { writeSystemRows } from '../consumer/read-side/writer.ts';
import { initialState, type LifecycleState } from '../domain/lifecycle/state.ts';
import type { Proposal } from '../domain/proposal.ts';
import { summary } from './stats.ts';

const MEMBERS = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'grace'];

/** An open high-tier system in its first round, as the read side holds it (one of the seven has voted). */
function openSystem(n: number): LifecycleState {
  const systemId = `bench-sys-${n}`;
  const members = MEMBERS.map((id) => ({ id, roles: id === 'erin' ? (['chair'] as const) : (['member'] as const) }));
  const proposal = {
    systemId, name: `Bench system ${n}`, ownerTeam: `Team ${n % 40}`, proposer: `proposer-${n % 200}`, owner: `owner-${n % 100}`,
    sector: (['finance', 'healthcare', 'education', 'other'] as const)[n % 4], purpose: `Scores applications, batch ${n}.`,
    deploymentContext: 'Back office.', practices: [], affected: { monthlyUsers: 1000, minors: false, vulnerableGroups: false },
    model: { type: 'classifier', version: '1.0.0', largeScale: false }, oversight: { autonomy: 'advisory', canOverride: [], canStop: [] },
    dataCategories: [], evidence: {},
  } as unknown as Proposal;
  const at = new Date(Date.UTC(2026, 0, 1) + n * 60_000).toISOString();
  return {
    ...initialState(systemId), stage: 'in_review', tier: 'high', policyPack: 'ai-governance-code-2026', proposal,
    proposedAt: at, committee: members.map((m) => ({ id: m.id, roles: [...m.roles] })), rounds: 1, sequence: 4, lastHash: 'ab'.repeat(32),
    review: {
      round: 1, purpose: 'initial', committee: 'ethics', members: members.map((m) => ({ id: m.id, roles: [...m.roles] })),
      expectedVoters: MEMBERS, minVotes: 5, approvalShare: 0.5, minDistinctApprovers: 3, opensAt: at,
      deadline: new Date(Date.parse(at) + 14 * 86_400_000).toISOString(), reminderTimes: [], urgent: false,
      votes: [{ voter: 'grace', vote: 'approve', rationale: 'Sound.' }], recusals: [], remindersSent: 0, escalated: false,
    },
  };
}

async function seed(db: ReadDb, from: number, to: number): Promise<void> {
  for (let start = from; start < to; start += 500) {
    await db.transaction(async (tx) => {
      for (let n = start; n < Math.min(to, start + 500); n += 1) {
        const s = openSystem(n);
        await writeSystemRows(tx, s, { startedAt: s.proposedAt!, updatedAt: s.proposedAt! });
      }
    });
  }
}

async function timed(samples: number, fn: () => Promise<unknown>): Promise<ReturnType<typeof summary>> {
  const ms: number[] = [];
  for (let i = 0; i < samples; i += 1) {
    const t = performance.now();
    await fn();
    ms.push(performance.now() - t);
  }
  return summary(ms);
}

/** Inbox and list latencies of the read side's queries (as the routes call them) at each fleet size. */
async function measure(readSide: ReadSide, sizes: readonly number[], samples: number) {
  const out: Record<string, unknown>[] = [];
  let seeded = 0;
  for (const size of sizes) {
    await seed(readSide.db, seeded, size);
    seeded = size;
    const member = { kind: 'related', sub: 'alice' } as const;
    out.push({
      openSystems: size,
      // Every open round waits for alice: her inbox is the whole fleet, the worst case; the page is what a client shows.
      inboxMs: await timed(samples, () => readSide.pending(member, 'alice')),
      inboxItems: (await readSide.pending(member, 'alice')).length,
      listFirstPageMs: await timed(samples, () => readSide.list({ kind: 'all' }, { pageSize: 50 })),
      listScopedFilteredMs: await timed(samples, () => readSide.list(member, { pageSize: 50, sector: 'finance', stage: 'in_review' })),
      searchMs: await timed(samples, () => readSide.list({ kind: 'all' }, { pageSize: 50, text: 'batch 99' })),
    });
  }
  return out;
}

/** `npm run bench:read-side [-- <postgres url>]`: SQLite in a temporary folder, or the given PostgreSQL. */
export async function readSideBench(opts: { url?: string; sizes?: number[]; samples?: number } = {}) {
  const db = opts.url ? await openPostgresReadDb(opts.url) : openSqliteReadDb(join(mkdtempSync(join(tmpdir(), 'govflow-bench-')), 'read.sqlite'));
  const readSide = await openReadSide(db);
  try {
    return { engine: db.dialect, results: await measure(readSide, opts.sizes ?? [1000, 10_000], opts.samples ?? 200) };
  } finally {
    await readSide.close();
  }
}

if (process.argv[1]?.endsWith('read-side.ts')) {
  const url = process.argv[2];
  const result = await readSideBench(url ? { url } : {});
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}
