import { z } from 'zod';
import { DomainError, ErrorCode } from '../domain/errors.ts';
import { fromBase64url, textToBase64url } from './base64url.ts';
import { verifyEd25519 } from './event-signature.ts';
import { sha256Canonical } from './hash.ts';
import type { TrustedKeys } from './keyring.ts';

/** How long a signed command stays valid after the edge issued it, and how far ahead of the clock it may be. */
export const COMMAND_MAX_AGE_MS = 5 * 60_000;
export const COMMAND_MAX_SKEW_MS = 60_000;

/** The `cmd` of a signed start: the proposal, as the domain calls it (the updates use their own names). */
export const START_COMMAND = 'propose';

/** The JOSE `typ` of a signed command: a compact JWS (EdDSA) whose payload is these claims. */
export const COMMAND_JWS_TYPE = 'govflow-command+jws';

/**
 * What the edge vouches for, having authenticated the person: who (`sub`) gave which command (`cmd`) for which
 * system (`sys`) with which input (`dig`: SHA-256 of its RFC 8785 JSON), when (`iat`, ms) and once (`jti`).
 */
export const CommandClaims = z.strictObject({
  sub: z.string().min(1),
  sys: z.string().min(1),
  cmd: z.string().min(1),
  dig: z.string().regex(/^[0-9a-f]{64}$/),
  iat: z.number().int().min(0),
  jti: z.string().min(8).max(128),
});
export type CommandClaims = z.infer<typeof CommandClaims>;

const Header = z.object({ alg: z.literal('EdDSA'), kid: z.string().min(1), typ: z.literal(COMMAND_JWS_TYPE) });

/** The digest of a command's input that the signature binds. */
export const inputDigest = (input: unknown): string => sha256Canonical(input);

/** The JWS signing input (`<header>.<payload>`) of claims signed by key `kid`. */
export function commandSigningInput(kid: string, claims: CommandClaims): string {
  const header = textToBase64url(JSON.stringify({ alg: 'EdDSA', kid, typ: COMMAND_JWS_TYPE }));
  return `${header}.${textToBase64url(JSON.stringify(claims))}`;
}

const refuse = (why: string): DomainError =>
  new DomainError(ErrorCode.unauthenticated, `command refused: ${why}`, [{ path: 'proof', message: why }]);

function decodeJson(part: string | undefined): unknown {
  const bytes = part === undefined ? undefined : fromBase64url(part);
  if (!bytes) return undefined;
  try {
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    return undefined;
  }
}

/** The claims of a compact JWS without checking it (for reading the record); undefined if malformed. */
export function readCommandProof(proof: string): (CommandClaims & { kid: string }) | undefined {
  const [h, p] = proof.split('.');
  const header = Header.safeParse(decodeJson(h));
  const claims = CommandClaims.safeParse(decodeJson(p));
  return header.success && claims.success ? { ...claims.data, kid: header.data.kid } : undefined;
}

/** What the verifier expects the command to be. */
export interface ExpectedCommand {
  readonly cmd: string;
  readonly sys: string;
  readonly sub: string;
  readonly input: unknown;
}

/**
 * Verifies a signed command: a compact JWS by a trusted edge key, for exactly this command, system, actor and
 * input, issued within the last five minutes and not seen before. Throws UNAUTHENTICATED naming why. Pure.
 */
export function verifyCommandProof(
  proof: unknown,
  expected: ExpectedCommand,
  ctx: { readonly keys: TrustedKeys; readonly now: number; readonly seen: (jti: string) => boolean },
): CommandClaims & { kid: string } {
  if (typeof proof !== 'string' || proof.length === 0) throw refuse('the command is not signed by the API');
  const parts = proof.split('.');
  if (parts.length !== 3) throw refuse('the proof is not a compact JWS');
  const read = readCommandProof(proof);
  if (!read) throw refuse('the proof header or claims are malformed');
  const key = ctx.keys.get(read.kid);
  if (!key) throw refuse(`signed by key ${read.kid}, which this lifecycle does not trust`);
  const sig = fromBase64url(parts[2]!);
  const signingInput = new TextEncoder().encode(`${parts[0]}.${parts[1]}`);
  if (!sig || sig.length !== 64 || !verifyEd25519(sig, signingInput, key))
    throw refuse('the signature does not verify');
  const mismatch = (['cmd', 'sys', 'sub'] as const).find((f) => read[f] !== expected[f]);
  if (mismatch) throw refuse(`the proof is for another ${mismatch} (${read[mismatch]})`);
  if (read.dig !== inputDigest(expected.input)) throw refuse('the proof is for another input');
  if (read.iat < ctx.now - COMMAND_MAX_AGE_MS) throw refuse('the proof has expired');
  if (read.iat > ctx.now + COMMAND_MAX_SKEW_MS) throw refuse('the proof is issued in the future');
  if (ctx.seen(read.jti)) throw refuse('the proof was used before (replay)');
  return read;
}
