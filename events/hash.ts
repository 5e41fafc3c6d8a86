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

/**
 * Fields outside the hash: the hash itself, the signature over it (added after sealing, by the publisher), and the
 * trace context. Tracing is observability, not the record: the same decision hashes the same whether or not it was
 * traced, a consumer may drop or continue the context without breaking the chain, and nothing is decided from it.
 */
const UNHASHED = ['hash', 'sig', 'sigkid', 'traceparent', 'tracestate'] as const;

/** The hash an event must carry: over the whole event except `hash`, `sig`, `sigkid` and the trace context. */
export function computeEventHash(event: { readonly hash?: unknown } & Record<string, unknown>): string {
  const rest: Record<string, unknown> = { ...event };
  for (const field of UNHASHED) delete rest[field];
  return sha256Canonical(rest);
}

/** True when the event's hash is the SHA-256 of its canonical JSON without the unhashed fields above. */
export function hasValidHash(event: { readonly hash: string } & Record<string, unknown>): boolean {
  return computeEventHash(event) === event.hash;
}
