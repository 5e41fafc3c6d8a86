import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import type { HttpClient } from '../client/http-client.ts';

/** The last command this CLI sent: its system and the sequence its receipt gave, and when. */
const LastWrite = z.strictObject({ minSequence: z.string(), at: z.number() });

// A write older than this has long reached the read side; its minSequence would only cost a lookup.
const REMEMBERED_MS = 10 * 60_000;

/** Where the CLI remembers its last write: beside its config file. */
export const lastWritePath = (configFile: string): string => join(dirname(configFile), 'last-write.json');

function recall(path: string, now: number): string | undefined {
  try {
    const parsed = LastWrite.safeParse(JSON.parse(readFileSync(path, 'utf8')));
    return parsed.success && now - parsed.data.at < REMEMBERED_MS ? parsed.data.minSequence : undefined;
  } catch {
    return undefined;
  }
}

function remember(path: string, receipt: unknown, now: number): void {
  const r = receipt as { systemId?: unknown; sequence?: unknown };
  if (typeof r?.systemId !== 'string' || typeof r.sequence !== 'number') return;
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, JSON.stringify({ minSequence: `${r.systemId}:${r.sequence}`, at: now }), { mode: 0o600 });
}

const WRITES = ['propose', 'vote', 'recuse', 'amend', 'evidence', 'deploy', 'incident', 'report', 'modify', 'retire', 'retryStaffing'] as const;

/**
 * Read your writes across CLI runs: each command's receipt (`<systemId>:<sequence>`) is remembered, and the next
 * list, inbox or trail read sends it as `minSequence`, so `govflow vote ...` then `govflow pending` shows the vote.
 */
export function withReadYourWrites(api: HttpClient, path: string, now: () => number = Date.now): HttpClient {
  const wrapped: Record<string, unknown> = { ...api };
  for (const name of WRITES) {
    const send = api[name] as (...args: unknown[]) => Promise<unknown>;
    wrapped[name] = async (...args: unknown[]) => {
      const receipt = await send(...args);
      remember(path, receipt, now());
      return receipt;
    };
  }
  const last = () => recall(path, now());
  wrapped.list = (query: Parameters<HttpClient['list']>[0] = {}) => api.list({ minSequence: last(), ...query });
  wrapped.pending = (query: Parameters<HttpClient['pending']>[0] = {}) => api.pending({ minSequence: last(), ...query });
  wrapped.events = (id: string, query: Parameters<HttpClient['events']>[1] = {}) => {
    const mine = last();
    // Only a write to this system bounds its trail.
    return api.events(id, { minSequence: mine?.startsWith(`${id}:`) ? mine : undefined, ...query });
  };
  return wrapped as HttpClient;
}
