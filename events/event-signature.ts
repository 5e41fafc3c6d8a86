import { ed25519 } from '@noble/curves/ed25519.js';
import { fromBase64url } from './base64url.ts';
import { computeEventHash } from './hash.ts';
import type { TrustedKeys } from './keyring.ts';

/** The CloudEvents extension attributes that carry an event's signature. */
export interface EventSignatureFields {
  /** Ed25519 signature (base64url) over `eventSigningInput(sigkid, hash)`. */
  readonly sig?: unknown;
  /** The signing key's id: its RFC 7638 thumbprint, found in the engine's JWKS. */
  readonly sigkid?: unknown;
}

/** Why an event is not accepted as the engine's: it is quarantined with this reason. */
export type SignatureProblem = 'unsigned' | 'unknown_key' | 'bad_signature' | 'hash_mismatch';

/**
 * The exact bytes an event signature covers: ASCII `govflow-event-v1.<sigkid>.<hash>`. The hash covers every other
 * field, so one signature seals the whole event; the key id is covered so a signature cannot be re-labelled.
 */
export function eventSigningInput(sigkid: string, hash: string): Uint8Array {
  return new TextEncoder().encode(`govflow-event-v1.${sigkid}.${hash}`);
}

/** True when `signature` is a valid strict (RFC 8032) Ed25519 signature of `message` by `publicKey`. */
export function verifyEd25519(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean {
  try {
    return ed25519.verify(signature, message, publicKey, { zip215: false });
  } catch {
    return false;
  }
}

/** Checks that an event's content matches its hash and its hash carries a valid signature by a trusted key. */
export function checkEventSignature(
  event: EventSignatureFields & { readonly hash: string } & Record<string, unknown>,
  keys: TrustedKeys,
): { ok: true } | { ok: false; problem: SignatureProblem; detail: string } {
  if (computeEventHash(event) !== event.hash)
    return { ok: false, problem: 'hash_mismatch', detail: 'the content does not match its hash' };
  if (typeof event.sig !== 'string' || typeof event.sigkid !== 'string')
    return { ok: false, problem: 'unsigned', detail: 'the event carries no signature' };
  const key = keys.get(event.sigkid);
  if (!key) return { ok: false, problem: 'unknown_key', detail: `signed by key ${event.sigkid}, which is not trusted` };
  const sig = fromBase64url(event.sig);
  if (!sig || sig.length !== 64 || !verifyEd25519(sig, eventSigningInput(event.sigkid, event.hash), key))
    return { ok: false, problem: 'bad_signature', detail: `the signature does not verify with key ${event.sigkid}` };
  return { ok: true };
}
