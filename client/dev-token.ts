import { SignJWT } from 'jose';

/** What a local development token says about its holder. */
export interface DevTokenInput {
  sub: string;
  roles: readonly string[];
  secret: string;
  issuer: string;
  name?: string;
  /** A jose time span such as `8h` or `30m`. */
  expiresIn?: string;
}

/** Mints an HS256 bearer token for local use, signed with the shared secret the API verifies. */
export async function mintDevToken(input: DevTokenInput): Promise<string> {
  return new SignJWT({ roles: [...input.roles], ...(input.name ? { name: input.name } : {}) })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(input.sub)
    .setIssuer(input.issuer)
    .setIssuedAt()
    .setExpirationTime(input.expiresIn ?? '8h')
    .sign(new TextEncoder().encode(input.secret));
}
