import { z } from 'zod';
import { sha256 } from '@noble/hashes/sha2.js';
import { fromBase64url, toBase64url } from './base64url.ts';

const B64url = z.string().regex(/^[A-Za-z0-9_-]+$/, 'base64url without padding');

/** An Ed25519 public key as a JWK (RFC 8037): what verifiers are given, in a JWKS. */
export const PublicJwk = z.looseObject({
  kty: z.literal('OKP'),
  crv: z.literal('Ed25519'),
  x: B64url.length(43),
  kid: z.string().min(1).max(128),
  use: z.literal('sig').optional(),
  alg: z.literal('EdDSA').optional(),
});
export type PublicJwk = z.infer<typeof PublicJwk>;

/** A JSON Web Key Set of Ed25519 public keys. */
export const Jwks = z.object({ keys: z.array(PublicJwk) });
export type Jwks = z.infer<typeof Jwks>;

/** Trusted public keys by key id: the current signing key and every retired one, so old records stay verifiable. */
export type TrustedKeys = ReadonlyMap<string, Uint8Array>;

/** The RFC 7638 thumbprint of an Ed25519 public key: its key id, the same in any JOSE library. */
export function jwkThumbprint(publicKey: Uint8Array): string {
  const canonical = `{"crv":"Ed25519","kty":"OKP","x":"${toBase64url(publicKey)}"}`;
  return toBase64url(sha256(new TextEncoder().encode(canonical)));
}

/** The public JWK of a raw Ed25519 public key, with its thumbprint as key id. */
export function publicJwkOf(publicKey: Uint8Array): PublicJwk {
  return {
    kty: 'OKP',
    crv: 'Ed25519',
    x: toBase64url(publicKey),
    kid: jwkThumbprint(publicKey),
    use: 'sig',
    alg: 'EdDSA',
  };
}

/** Parses a JWKS (from a file, the API or workflow input) into trusted keys; throws naming the bad entry. */
export function trustedKeysFromJwks(raw: unknown): TrustedKeys {
  const jwks = Jwks.parse(raw);
  const keys = new Map<string, Uint8Array>();
  for (const jwk of jwks.keys) {
    const x = fromBase64url(jwk.x);
    if (!x || x.length !== 32) throw new Error(`key ${jwk.kid}: x is not a 32-byte Ed25519 public key`);
    keys.set(jwk.kid, x);
  }
  return keys;
}

/** Trusted keys as a JWKS document again (for the API, `govflow keys export` and workflow input). */
export function jwksOf(keys: TrustedKeys): Jwks {
  return { keys: [...keys].map(([kid, x]) => ({ ...publicJwkOf(x), kid })) };
}
