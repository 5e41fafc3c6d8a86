import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWTPayload } from 'jose';
import { createOidcAuthenticator, type OidcAuthOptions } from '../../../api/auth.ts';

/** The issuer unit tests sign as, with a key pair made for this run: real signatures, no server. */
export const issuer = 'https://issuer.unit.test';
export const audience = 'govflow';

const pair = await generateKeyPair('ES256');
const publicJwk = { ...(await exportJWK(pair.publicKey)), kid: 'unit-1', alg: 'ES256', use: 'sig' };
/** The issuer's key set, as its JWKS endpoint would serve it. */
export const jwks = createLocalJWKSet({ keys: [publicJwk] });
export const privateKey: CryptoKey = pair.privateKey;

/** The API's authenticator over the unit key set, with the production rules (options may be overridden). */
export const testAuthenticator = (opts: Partial<OidcAuthOptions> = {}) =>
  createOidcAuthenticator({
    issuer,
    audience,
    maxLifetimeSeconds: 12 * 3600,
    rolesClaim: 'roles',
    keys: jwks,
    ...opts,
  });

/** Signs claims as the unit issuer would (ES256, 10 minutes, audience govflow) unless the claims say otherwise. */
export function signToken(
  claims: JWTPayload,
  key: CryptoKey | Uint8Array = privateKey,
  alg = 'ES256',
): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ iss: issuer, aud: audience, iat: now, exp: now + 600, ...claims })
    .setProtectedHeader({ alg, kid: 'unit-1', typ: 'at+jwt' })
    .sign(key);
}
