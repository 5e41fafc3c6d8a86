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

/** Fields outside the hash: the hash itself, and the signature over it (added after sealing, by the publisher). */
const UNHASHED = ['hash', 'sig', 'sigkid'] as const;

/** The hash an event must carry: over the whole event except `hash`, `sig` and `sigkid`. */
export function computeEventHash(event: { readonly hash?: unknown } & Record<string, unknown>): string {
  const rest: Record<string, unknown> = { ...event };
  for (const field of UNHASHED) delete rest[field];
  return sha256Canonical(rest);
}

/** True when the event's hash is the SHA-256 of its canonical JSON without `hash` and the signature. */
export function hasValidHash(event: { readonly hash: string } & Record<string, unknown>): boolean {
  return computeEventHash(event) === event.hash;
}
