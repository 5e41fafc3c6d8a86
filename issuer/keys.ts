import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK } from 'jose';
import { z } from 'zod';

/** The local issuer's secrets: its signing key set and the keys that sign its sign-in cookies. */
export const IssuerKeys = z.object({
  jwks: z.object({ keys: z.array(z.record(z.string(), z.unknown())).min(1) }),
  cookieKeys: z.array(z.string().min(32)).min(1),
});
export type IssuerKeys = z.infer<typeof IssuerKeys>;

/**
 * Reads the issuer's keys from `<stateDir>/oidc/keys.json`, generating them on first start: tokens signed before a
 * restart stay valid, and the keys never leave the state folder (private to this user).
 */
export async function loadOrCreateKeys(stateDir: string): Promise<IssuerKeys> {
  const dir = join(stateDir, 'oidc');
  const file = join(dir, 'keys.json');
  try {
    return IssuerKeys.parse(JSON.parse(await readFile(file, 'utf8')));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw new Error(`${file}: ${String(err)}`);
  }
  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  const jwk: JWK = await exportJWK(privateKey);
  const keys: IssuerKeys = {
    jwks: { keys: [{ ...jwk, kid: await calculateJwkThumbprint(jwk), alg: 'ES256', use: 'sig' }] },
    cookieKeys: [randomBytes(32).toString('base64url')],
  };
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await writeFile(file, JSON.stringify(keys, null, 2), { mode: 0o600, flag: 'wx' });
  return keys;
}
