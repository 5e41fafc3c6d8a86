import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openPostgresReadDb } from '../adapters/read-db/postgres.ts';
import type { ReadDb } from '../adapters/read-db/read-db.ts';
import { openSqliteReadDb } from '../adapters/read-db/sqlite.ts';
import { openReadSide, type ReadSide } from '../consumer/read-side/read-side.ts';
import { seedFleet } from './read-side-fleet.ts';
import { timed } from './stats.ts';

/** A read-side database the benchmark may use, and how to drop what it made there. */
interface BenchEngine {
  readonly db: ReadDb;
  dispose(): Promise<void>;
}

/**
 * The stack's PostgreSQL when it runs (`GOVFLOW_READ_DB_URL`, else the local cluster's password in the state folder
 * on `GOVFLOW_PG_PORT`); undefined when there is none, so the PostgreSQL figures are left out rather than guessed.
 */
export function benchPostgresUrl(stateDir: string, configured: string | undefined): string | undefined {
  if (configured) return configured;
  const passwordFile = join(stateDir, 'postgres', 'password');
  if (!existsSync(passwordFile)) return undefined;
  const password = encodeURIComponent(readFileSync(passwordFile, 'utf8').trim());
  return `postgres://govflow:${password}@127.0.0.1:${process.env.GOVFLOW_PG_PORT ?? '5433'}/govflow`;
}

/** A fresh SQLite file in a temporary folder. */
function sqliteEngine(): BenchEngine {
  const dir = mkdtempSync(join(tmpdir(), 'govflow-bench-'));
  const db = openSqliteReadDb(join(dir, 'read.sqlite'));
  return { db, dispose: async () => rmSync(dir, { recursive: true, force: true }) };
}

/** A schema of its own on the PostgreSQL at `url`, dropped afterwards. */
export async function postgresEngine(url: string): Promise<BenchEngine> {
  const schema = `bench_${Date.now().toString(36)}_${process.pid}`;
  const admin = await openPostgresReadDb(url, { maxConnections: 1 });
  await admin.run(`CREATE SCHEMA ${schema}`);
  const sep = url.includes('?') ? '&' : '?';
  const db = await openPostgresReadDb(`${url}${sep}options=${encodeURIComponent(`-c search_path=${schema}`)}`);
  return {
    db,
    dispose: async () => {
      await admin.run(`DROP SCHEMA ${schema} CASCADE`);
      await admin.close();
    },
  };
}

/** The token of the inbox page `n` (1-based) of `member`, walking the pages before it. */
async function inboxPageToken(readSide: ReadSide, member: string, n: number): Promise<string | undefined> {
  let token: string | undefined;
  for (let page = 1; page < n; page += 1) {
    const next = await readSide.pending({ kind: 'related', sub: member }, member, { pageSize: 50, pageToken: token });
    token = next.nextPageToken ?? undefined;
  }
  return token;
}

/** Inbox and list latencies of the read side's queries, as the routes call them, at each fleet size. */
async function measure(readSide: ReadSide, sizes: readonly number[], samples: number) {
  const out: Record<string, unknown>[] = [];
  let seeded = 0;
  const alice = { kind: 'related', sub: 'alice' } as const;
  for (const size of sizes) {
    await seedFleet(readSide.db, seeded, size);
    seeded = size;
    const deep = await inboxPageToken(readSide, 'alice', 20);
    out.push({
      openSystems: size,
      // Every open round waits for alice: her inbox is the whole fleet, the worst case; a page is what a client shows.
      inboxFirstPageMs: await timed(samples, () => readSide.pending(alice, 'alice', { pageSize: 50 })),
      inboxPage20Ms: await timed(samples, () => readSide.pending(alice, 'alice', { pageSize: 50, pageToken: deep })),
      listFirstPageMs: await timed(samples, () => readSide.list({ kind: 'all' }, { pageSize: 50 })),
      listScopedFilteredMs: await timed(samples, () => readSide.list(alice, { pageSize: 50, sector: 'finance', stage: 'in_review' })),
      searchMs: await timed(samples, () => readSide.list({ kind: 'all' }, { pageSize: 50, text: 'batch 99' })),
    });
  }
  return out;
}

/** The read side's query latencies on SQLite, and on PostgreSQL when `postgresUrl` is given. */
export async function readSideQueryBench(opts: { postgresUrl?: string | undefined; sizes?: number[]; samples?: number } = {}) {
  const engines = [sqliteEngine, ...(opts.postgresUrl ? [() => postgresEngine(opts.postgresUrl!)] : [])];
  const results = [];
  for (const open of engines) {
    const engine = await open();
    try {
      const readSide = await openReadSide(engine.db);
      results.push({ engine: engine.db.dialect, sizes: await measure(readSide, opts.sizes ?? [1000, 10_000], opts.samples ?? 200) });
    } finally {
      await engine.db.close();
      await engine.dispose();
    }
  }
  return results;
}

if (process.argv[1]?.endsWith('read-side.ts')) {
  const result = await readSideQueryBench({ postgresUrl: process.argv[2] });
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}
