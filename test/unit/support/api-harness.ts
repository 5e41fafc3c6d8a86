import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { createApp } from '../../../api/app.ts';
import type { AuthFailureLimit } from '../../../api/auth-limit.ts';
import type { AccessLogger } from '../../../api/access-log.ts';
import type { ConsoleSite } from '../../../api/console-site.ts';
import type { EventFeed } from '../../../adapters/event-feed.ts';
import type { Role } from '../../../domain/identity.ts';
import { testEventKeys } from '../../support/test-keys.ts';
import { createInMemoryGovernance, type InMemoryGovernance } from './in-memory-governance.ts';
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
    /** The live feed behind GET /v1/stream, and the console site, when a test wants them. */
    feed?: EventFeed;
    console?: ConsoleSite;
  } = {},
) {
  const governance: InMemoryGovernance = await createInMemoryGovernance('policies', opts.pack);
  const errors: unknown[] = [];
  const app = createApp({
    governance,
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
    ...(opts.maxBodyBytes ? { maxBodyBytes: opts.maxBodyBytes } : {}),
    ...(opts.feed ? { feed: opts.feed } : {}),
    ...(opts.console ? { console: opts.console } : {}),
  });
  const as = (token: string | undefined) => ({
    get: (path: string) => app.request(path, { headers: token ? { authorization: `Bearer ${token}` } : {} }),
    post: (path: string, body: unknown, headers: Record<string, string> = {}) =>
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
  return { app, governance, as, errors };
}

/** Reads a response's JSON body with a loose type, for assertions. */
export const body = async (res: Response): Promise<Record<string, any>> => (await res.json()) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
