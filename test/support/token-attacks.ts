import { generateKeyPair, SignJWT, UnsecuredJWT, type CryptoKey, type JWTPayload } from 'jose';

/** Signs claims with the trusted issuer's key (ES256), its `iss`, `aud`, `iat` and a 10-minute `exp` unless overridden. */
export type TrustedSigner = (claims: JWTPayload) => Promise<string>;

/** One attack: a token built from the trusted issuer's claims, and how the API must refuse it. */
export interface TokenAttack {
  name: string;
  token: (sign: TrustedSigner, base: { iss: string; sub: string }) => Promise<string>;
  code: 'UNAUTHENTICATED' | 'FORBIDDEN';
  reason: RegExp;
}

const now = () => Math.floor(Date.now() / 1000);
const year = 365 * 24 * 3600;

/** Signs with a key the issuer never published, under the issuer's own name and key id. */
async function withForeignKey(claims: JWTPayload, alg: string, key: CryptoKey | Uint8Array): Promise<string> {
  return new SignJWT({ aud: 'govflow', iat: now(), exp: now() + 600, ...claims }).setProtectedHeader({ alg }).sign(key);
}

/** The attacks the issue lists (and a few neighbours), each to be refused with a reason naming what is wrong. */
export const tokenAttacks: TokenAttack[] = [
  {
    name: 'no exp',
    token: (sign, b) => sign({ ...b, roles: ['admin'], exp: undefined }),
    code: 'UNAUTHENTICATED',
    reason: /claim "exp" missing/,
  },
  {
    name: 'exp in year 9999',
    token: (sign, b) => sign({ ...b, roles: ['admin'], exp: 253402300799 }),
    code: 'UNAUTHENTICATED',
    reason: /exp.*ahead/,
  },
  {
    name: 'exp a day ahead (over 12 h)',
    token: (sign, b) => sign({ ...b, roles: ['admin'], exp: now() + 24 * 3600 }),
    code: 'UNAUTHENTICATED',
    reason: /exp.*ahead/,
  },
  {
    name: 'expired',
    token: (sign, b) => sign({ ...b, roles: ['admin'], exp: now() - 3600 }),
    code: 'UNAUTHENTICATED',
    reason: /expired/,
  },
  {
    name: 'iat a year ahead',
    token: (sign, b) => sign({ ...b, roles: ['admin'], iat: now() + year }),
    code: 'UNAUTHENTICATED',
    reason: /iat/,
  },
  {
    name: 'nbf an hour ahead',
    token: (sign, b) => sign({ ...b, roles: ['admin'], nbf: now() + 3600 }),
    code: 'UNAUTHENTICATED',
    reason: /nbf/,
  },
  {
    name: 'another audience',
    token: (sign, b) => sign({ ...b, roles: ['admin'], aud: 'payroll' }),
    code: 'UNAUTHENTICATED',
    reason: /aud/,
  },
  {
    name: 'no audience',
    token: (sign, b) => sign({ ...b, roles: ['admin'], aud: undefined }),
    code: 'UNAUTHENTICATED',
    reason: /aud/,
  },
  {
    name: 'another issuer',
    token: (sign, b) => sign({ ...b, roles: ['admin'], iss: 'https://evil.example' }),
    code: 'UNAUTHENTICATED',
    reason: /iss/,
  },
  {
    name: 'alg none',
    token: async (_sign, b) => new UnsecuredJWT({ ...b, roles: ['admin'], aud: 'govflow', exp: now() + 600 }).encode(),
    code: 'UNAUTHENTICATED',
    reason: /algorithm not allowed/,
  },
  {
    name: 'signed by another key',
    token: async (_sign, b) =>
      withForeignKey({ ...b, roles: ['admin'] }, 'ES256', (await generateKeyPair('ES256')).privateKey),
    code: 'UNAUTHENTICATED',
    reason: /signature|no key/,
  },
  {
    name: 'HS256 with a shared secret, against the JWKS',
    token: (_sign, b) =>
      withForeignKey(
        { ...b, roles: ['admin'] },
        'HS256',
        new TextEncoder().encode('a-shared-secret-of-at-least-32-bytes'),
      ),
    code: 'UNAUTHENTICATED',
    reason: /algorithm not allowed/,
  },
  { name: 'no roles claim', token: (sign, b) => sign({ ...b }), code: 'FORBIDDEN', reason: /no govflow role/ },
  {
    name: 'an empty roles list',
    token: (sign, b) => sign({ ...b, roles: [] }),
    code: 'FORBIDDEN',
    reason: /no govflow role/,
  },
  {
    name: 'only unknown roles',
    token: (sign, b) => sign({ ...b, roles: ['wizard', 'root'] }),
    code: 'FORBIDDEN',
    reason: /no govflow role/,
  },
  {
    name: 'a role string instead of a list',
    token: (sign, b) => sign({ ...b, roles: 'admin' }),
    code: 'UNAUTHENTICATED',
    reason: /list of strings/,
  },
  {
    name: 'no subject',
    token: (sign, b) => sign({ iss: b.iss, roles: ['admin'] }),
    code: 'UNAUTHENTICATED',
    reason: /sub/,
  },
];
