import canonicalize from 'canonicalize';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';

/** SHA-256 hex of the RFC 8785 canonical JSON of a value; pure, and safe in the Temporal workflow sandbox. */
export function sha256Canonical(value: unknown): string {
  const json = canonicalize(value);
  // canonicalize returns undefined only for undefined/functions/symbols, which no event contains.
  if (json === undefined) throw new TypeError('value has no JSON representation');
  return bytesToHex(sha256(utf8ToBytes(json)));
}

/** The hash an event must carry: over the whole event except its own `hash` field. */
export function computeEventHash(event: { readonly hash?: unknown } & Record<string, unknown>): string {
  const rest: Record<string, unknown> = { ...event };
  delete rest.hash;
  return sha256Canonical(rest);
}
