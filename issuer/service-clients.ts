import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import type { ServiceAccounts } from '../domain/service-accounts.ts';

/** One client-credentials client of the local issuer: a service account with its secret and roles. */
export interface ServiceClient {
  readonly id: string;
  readonly secret: string;
  readonly roles: readonly string[];
}

const Secrets = z.record(z.string(), z.string().min(32));

/** Where the local issuer keeps its service clients' secrets (private to this user, like its keys). */
export const serviceSecretsFile = (stateDir: string): string => join(stateDir, 'oidc', 'service-clients.json');

/** Reads the secrets of the service accounts, making one for each account that has none yet. */
export async function loadOrCreateServiceClients(stateDir: string, accounts: ServiceAccounts): Promise<ServiceClient[]> {
  const file = serviceSecretsFile(stateDir);
  let secrets: Record<string, string> = {};
  try {
    secrets = Secrets.parse(JSON.parse(await readFile(file, 'utf8')));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw new Error(`${file}: ${String(err)}`);
  }
  const missing = accounts.services.filter((s) => !secrets[s.id]);
  if (missing.length > 0) {
    for (const s of missing) secrets[s.id] = randomBytes(32).toString('base64url');
    await mkdir(join(stateDir, 'oidc'), { recursive: true, mode: 0o700 });
    await writeFile(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  }
  return accounts.services.map((s) => ({ id: s.id, secret: secrets[s.id]!, roles: s.roles }));
}

/** The secret of one service client, as a test or a local service reads it from the state folder. */
export async function serviceClientSecret(stateDir: string, id: string): Promise<string> {
  const secrets = Secrets.parse(JSON.parse(await readFile(serviceSecretsFile(stateDir), 'utf8')));
  const secret = secrets[id];
  if (!secret) throw new Error(`no service client ${id} in ${serviceSecretsFile(stateDir)}`);
  return secret;
}
