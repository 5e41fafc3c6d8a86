import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { ed25519 } from '@noble/curves/ed25519.js';
import { z } from 'zod';
import { fromBase64url, toBase64url } from '../events/base64url.ts';
import { PublicJwk, jwksOf, publicJwkOf, trustedKeysFromJwks, type Jwks, type TrustedKeys } from '../events/keyring.ts';

/** Something that signs with one Ed25519 key: a key file here, a KMS or HSM key elsewhere. */
export interface Signer {
  readonly kid: string;
  sign(message: Uint8Array): Promise<Uint8Array>;
}

/** A keyring: the current signing key, and the public keys (current and retired) verifiers must trust. */
export interface KeyProvider {
  readonly signer: Signer;
  readonly trusted: TrustedKeys;
  /** The public keys as a JWKS document (for the API, `govflow keys export`, workflow input). */
  jwks(): Jwks;
}

const PrivateJwk = PublicJwk.extend({ d: z.string().regex(/^[A-Za-z0-9_-]{43}$/) });
/** A key file: a JWKS whose one entry with `d` is the current signing key; the others are retired public keys. */
const KeyFile = z.object({ keys: z.array(z.union([PrivateJwk, PublicJwk])).min(1) });
type KeyFile = z.infer<typeof KeyFile>;

/** A keyring over one Ed25519 secret key and the retired public keys. */
export function createKeyProvider(secretKey: Uint8Array, retired: readonly PublicJwk[] = []): KeyProvider {
  const current = publicJwkOf(ed25519.getPublicKey(secretKey));
  const publicKeys = [current, ...retired.filter((k) => k.kid !== current.kid)];
  const trusted = trustedKeysFromJwks({ keys: publicKeys });
  return {
    signer: { kid: current.kid, sign: async (message) => ed25519.sign(message, secretKey) },
    trusted,
    jwks: () => ({ keys: publicKeys.map((k) => ({ ...k })) }),
  };
}

/** A fresh in-memory keyring (tests and benchmarks). */
export const generateKeyProvider = (): KeyProvider => createKeyProvider(ed25519.utils.randomSecretKey());

function privateJwkOf(secretKey: Uint8Array): z.infer<typeof PrivateJwk> {
  return { ...publicJwkOf(ed25519.getPublicKey(secretKey)), d: toBase64url(secretKey) };
}

async function readKeyFile(path: string): Promise<KeyFile> {
  const parsed = KeyFile.safeParse(JSON.parse(await readFile(path, 'utf8')));
  if (!parsed.success)
    throw new Error(`key file ${path} is not a valid Ed25519 JWKS:\n${z.prettifyError(parsed.error)}`);
  const current = parsed.data.keys.filter((k) => 'd' in k);
  if (current.length !== 1)
    throw new Error(`key file ${path} must hold exactly one private key (d), found ${current.length}`);
  return parsed.data;
}

async function writeKeyFile(path: string, file: KeyFile): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.tmp`;
  await writeFile(tmp, `${JSON.stringify(file, null, 2)}\n`, { mode: 0o600 });
  await rename(tmp, path);
}

/** Loads a keyring from its key file; a missing or malformed file is an error naming it. */
export async function loadKeyFile(path: string): Promise<KeyProvider> {
  const file = await readKeyFile(path);
  const current = file.keys.find((k): k is z.infer<typeof PrivateJwk> => 'd' in k)!;
  const secret = fromBase64url(current.d)!;
  if (toBase64url(ed25519.getPublicKey(secret)) !== current.x)
    throw new Error(`key file ${path}: the private key does not match its x`);
  return createKeyProvider(
    secret,
    file.keys.filter((k) => !('d' in k)).map((k) => PublicJwk.parse(k)),
  );
}

/** Creates a key file with a fresh key pair unless it exists; true when it created one. */
export async function ensureKeyFile(path: string): Promise<boolean> {
  try {
    await readKeyFile(path);
    return false;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  await writeKeyFile(path, { keys: [privateJwkOf(ed25519.utils.randomSecretKey())] });
  return true;
}

/** Rotates a key file: a new current key; the old one keeps only its public part, so its signatures still verify. */
export async function rotateKeyFile(path: string): Promise<{ retired: string; current: string }> {
  const file = await readKeyFile(path);
  const next = privateJwkOf(ed25519.utils.randomSecretKey());
  const old = file.keys.find((k) => 'd' in k)!;
  const retired = file.keys.map((k) =>
    PublicJwk.parse(Object.fromEntries(Object.entries(k).filter(([f]) => f !== 'd'))),
  );
  await writeKeyFile(path, { keys: [next, ...retired] });
  return { retired: old.kid, current: next.kid };
}

/**
 * Drops the retired public keys from a key file, keeping the current key alone: for the command key once every
 * lifecycle trusts only it, so lifecycles started later do not trust a key the edge gave up. Returns the dropped ids.
 */
export async function pruneRetiredKeys(path: string): Promise<string[]> {
  const file = await readKeyFile(path);
  const dropped = file.keys.filter((k) => !('d' in k)).map((k) => k.kid);
  if (dropped.length > 0) await writeKeyFile(path, { keys: file.keys.filter((k) => 'd' in k) });
  return dropped;
}

/** Trusted public keys from a JWKS file (a verifier that holds no private key). */
export async function loadTrustedKeys(path: string): Promise<TrustedKeys> {
  return trustedKeysFromJwks(JSON.parse(await readFile(path, 'utf8')));
}

/** What a verifier holds: trusted public keys and the same as a JWKS. */
export interface VerifierKeys {
  readonly trusted: TrustedKeys;
  jwks(): Jwks;
}

/**
 * The event keys a verifier trusts: the JWKS file it was given (`GOVFLOW_TRUSTED_EVENT_KEYS`), else the public
 * half of the local key file. A verifier never needs the private key.
 */
export async function loadVerifierKeys(opts: {
  trustedFile?: string | undefined;
  keyFile: string;
}): Promise<VerifierKeys> {
  if (opts.trustedFile) {
    const trusted = await loadTrustedKeys(opts.trustedFile);
    return { trusted, jwks: () => jwksOf(trusted) };
  }
  const keys = await loadKeyFile(opts.keyFile);
  return { trusted: keys.trusted, jwks: () => keys.jwks() };
}
