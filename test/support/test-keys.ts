import { ed25519 } from '@noble/curves/ed25519.js';
import { createKeyProvider } from '../../adapters/signing-keys.ts';
import { toBase64url } from '../../events/base64url.ts';
import type { GovernanceEvent } from '../../events/envelope.ts';
import { eventSigningInput } from '../../events/event-signature.ts';

/** The event keyring tests sign with: fixed, so chains built in different files agree. */
export const testEventKeys = createKeyProvider(new Uint8Array(32).fill(7));
/** The API's command keyring in tests (separate from the event key, as in production). */
export const testCommandKeys = createKeyProvider(new Uint8Array(32).fill(5));
/** A key no verifier trusts: what a forger who generated their own key would sign with. */
export const forgerKeys = createKeyProvider(new Uint8Array(32).fill(9));

/** Signs a sealed event synchronously, as the publish activity does (default: with the test key). */
export function signed<E extends GovernanceEvent>(
  event: E,
  keys = testEventKeys,
  secret = new Uint8Array(32).fill(7),
): E {
  const kid = keys.signer.kid;
  return { ...event, sigkid: kid, sig: toBase64url(ed25519.sign(eventSigningInput(kid, event.hash), secret)) };
}

/** Signs with the forger's key: a well-formed signature by a key nobody trusts. */
export const forgerSigned = <E extends GovernanceEvent>(event: E): E =>
  signed(event, forgerKeys, new Uint8Array(32).fill(9));

/** The event without its signature, as a forger without any key writes it. */
export function unsigned<E extends GovernanceEvent>(event: E): E {
  const copy: Record<string, unknown> = { ...event };
  delete copy.sig;
  delete copy.sigkid;
  return copy as E;
}
