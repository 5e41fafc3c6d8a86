/**
 * Rules for the secrets govflow still accepts (server credentials). Tokens are verified with the issuer's public keys,
 * so no shared signing secret exists; a secret that is short or published somewhere must never reach production.
 */

/** Secrets that have appeared in govflow's files, docs or common defaults: public, so never acceptable in production. */
export const KNOWN_SECRETS: ReadonlySet<string> = new Set([
  'govflow-local-development-secret',
  'change-me-in-production-please',
  'changeme',
  'change-me',
  'secret',
  'password',
  'admin',
  'temporal',
  'kafka',
  'govflow',
]);

/** Shortest secret accepted in production, in bytes (a 256-bit key written as text). */
export const MIN_SECRET_BYTES = 32;

/** Why a secret may not be used in production, or undefined when it may. */
export function secretProblem(value: string): string | undefined {
  if (KNOWN_SECRETS.has(value.trim().toLowerCase())) return 'is a known, published value';
  const bytes = new TextEncoder().encode(value).length;
  if (bytes < MIN_SECRET_BYTES) return `is ${bytes} bytes; production needs at least ${MIN_SECRET_BYTES}`;
  return undefined;
}
