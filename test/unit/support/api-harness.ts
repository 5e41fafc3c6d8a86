import { readFileSync } from 'node:fs';
import { loadPackRef } from '../../../adapters/pack-versions.ts';
import { readSideFleet } from '../../../api/policy-fleet.ts';
import { parse } from 'yaml';
import { createApp } from '../../../api/app.ts';
import { openSqliteReadDb } from '../../../adapters/read-db/sqlite.ts';
import { openReadSide } from '../../../consumer/read-side/read-side.ts';
import { createReadSideFeed } from '../../support/read-side-feed.ts';
import type { AuthFailureLimit } from '../../../api/auth-limit.ts';
import type { AccessLogger } from '../../../api/access-log.ts';
import type { CommandKeyRoll } from '../../../api/routes/command-keys.ts';
import type { ConsoleSite } from '../../../api/console-site.ts';
import type { EventFeed } from '../../../adapters/event-feed.ts';
import type { Role } from '../../../domain/identity.ts';
import type { PreviewAssessment } from '../../../client/assessment-preview.ts';
import type { ScreeningCatalogue } from '../../../client/screening-catalogue.ts';
import { testEventKeys } from '../../support/test-keys.ts';
import { createInMemoryGovernance, type InMemoryGovernance } from './in-memory-governance.ts';
import { factsFromEvents } from '../../../consumer/facts-from-events.ts';
import { matches } from '../../../domain/indicators/compute.ts';
import { signToken, testAuthenticator } from './test-keys.ts';

/** A token for `sub` with `roles`, signed by the unit issuer whose key set the API under test trusts. */
export const tokenFor = (sub: string, ...roles: Role[]): Promise<string> => signToken({ sub, roles });

/** An example proposal from examples/, as a person would send it. */
export function exampleProposal(name: string): Record<string, unknown> {
  return parse(readFileSync(`examples/${name}.yaml`, 'utf8')) as Record<string, unknown>;
}

/** The app over the in-memory governance, and a helper to call it as someone. */
export async function apiHarness(
  opts: {
    ready?: { temporal: boolean; kafka: boolean } | Error;
    maxBodyBytes?: number;
    accessLog?: AccessLogger;
    authFailureLimit?: AuthFailureLimit;
    /** The policy pack the in-memory lifecycles run under (`test` by default). */
    pack?: string;
    /** Request and command metrics on GET /metrics. */
    metrics?: Parameters<typeof createApp>[0]['metrics'];
    /** The roll of the command key (its route exists only with it). */
    rollCommandKeys?: CommandKeyRoll;
    /** The screening questions served by GET /v1/policy/screening (the route is absent without it). */
    screening?: ScreeningCatalogue;
    /** The offline assessment behind POST /v1/assessments/preview (the route is absent without it). */
    previewAssessment?: PreviewAssessment;
    /** The live feed behind GET /v1/stream, and the console site, when a test wants them. */
    feed?: EventFeed;
    console?: ConsoleSite;
  } = {},
) {
  const governance: InMemoryGovernance = await createInMemoryGovernance('policies', opts.pack);
  const errors: unknown[] = [];
  // A real read side (SQLite in memory), fed each system's new events before every request, as the consumer would.
  const readSide = await openReadSide(openSqliteReadDb(':memory:'));
  const feed = createReadSideFeed(readSide.db, testEventKeys.trusted);
  const fed = new Map<string, number>();
  const catchUp = async () => {
    for (const [id, entry] of governance.systems) {
      await feed(entry.events.slice(fed.get(id) ?? 0));
      fed.set(id, entry.events.length);
    }
  };
  const app = createApp({
    governance,
    readSide,
    history: (id) => governance.history(id),
    eventKeys: testEventKeys,
    attestations: { signer: testEventKeys.signer, trusted: testEventKeys.trusted },
    auth: testAuthenticator(),
    // Hostile-input tests send thousands of bad tokens from one (test) address; the limiter has its own tests.
    authFailureLimit: opts.authFailureLimit ?? { failures: 1_000_000, windowSeconds: 60 },
    ...(opts.accessLog ? { accessLog: opts.accessLog } : {}),
    readiness: async () => {
      if (opts.ready instanceof Error) throw opts.ready;
      return opts.ready ?? { temporal: true, kafka: true };
    },
    log: (_m, err) => errors.push(err),
    // The read side of the in-memory engine: every system's facts folded from its events, as the projection keeps them.
    indicatorFacts: async (q) => {
      const all = await Promise.all([...governance.systems.keys()].map(async (id) => factsFromEvents(id, await governance.history(id))));
      return all.filter((f) => f.proposedAt !== null && f.proposedAt < q.before && matches(f, q));
    },
    // Pack versions from the repository's policies, over the same read side the lists use.
    policyImpact: { loadPack: (ref) => loadPackRef('policies', ref, true), sources: [readSideFleet(readSide)] },
    ...(opts.maxBodyBytes ? { maxBodyBytes: opts.maxBodyBytes } : {}),
    ...(opts.metrics ? { metrics: opts.metrics } : {}),
    ...(opts.rollCommandKeys ? { rollCommandKeys: opts.rollCommandKeys } : {}),
    ...(opts.screening ? { screening: opts.screening } : {}),
    ...(opts.previewAssessment ? { previewAssessment: opts.previewAssessment } : {}),
    ...(opts.feed ? { feed: opts.feed } : {}),
    ...(opts.console ? { console: opts.console } : {}),
  });
  const as = (token: string | undefined) => ({
    get: async (path: string) => {
      await catchUp();
      return app.request(path, { headers: token ? { authorization: `Bearer ${token}` } : {} });
    },
    post: async (path: string, body: unknown, headers: Record<string, string> = {}) =>
      app.request(path, {
        method: 'POST',
        body: typeof body === 'string' ? body : JSON.stringify(body),
        headers: {
          'content-type': 'application/json',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...headers,
        },
      }),
  });
  return { app, governance, readSide, catchUp, as, errors };
}

/** Reads a response's JSON body with a loose type, for assertions. */
export const body = async (res: Response): Promise<Record<string, any>> => (await res.json()) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
