import type { MiddlewareHandler } from 'hono';
import { createRemoteJWKSet, errors as joseErrors, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { z } from 'zod';
import { DomainError, ErrorCode } from '../domain/errors.ts';

/** The roles a caller may hold; the API checks them, the workflow's validators check the roster again. */
export const Role = z.enum(['proposer', 'committee_member', 'chair', 'deployer', 'auditor', 'admin']);
export type Role = z.infer<typeof Role>;

/** Who is calling: `sub` becomes the actor the workflow sees; a request body never chooses it. */
export const Caller = z.object({
  sub: z.string().min(1),
  roles: z.array(Role),
  name: z.string().optional(),
});
export type Caller = z.infer<typeof Caller>;

/** Turns a bearer token into a caller, or throws an UNAUTHENTICATED DomainError. */
export interface Authenticator {
  authenticate(token: string): Promise<Caller>;
}

/** Claims a govflow token must carry (unknown roles are ignored rather than fatal, so issuers can share tokens). */
const Claims = z.object({
  sub: z.string().min(1, 'a token needs a subject'),
  name: z.string().optional(),
  roles: z.array(z.string()).default([]),
});

/** How tokens are verified: a shared HS256 secret locally, or an issuer's JWKS in production. */
export interface JwtAuthOptions {
  issuer: string;
  secret?: string;
  jwksUrl?: string;
  audience?: string;
}

/** Builds the JWT authenticator; with a JWKS URL the secret is not used at all. */
export function createJwtAuthenticator(opts: JwtAuthOptions): Authenticator {
  const key: Uint8Array | JWTVerifyGetKey = opts.jwksUrl
    ? createRemoteJWKSet(new URL(opts.jwksUrl))
    : new TextEncoder().encode(requireSecret(opts.secret));
  const algorithms = opts.jwksUrl ? ['RS256', 'ES256', 'PS256', 'EdDSA'] : ['HS256'];
  return {
    async authenticate(token) {
      try {
        const verifyOpts = { issuer: opts.issuer, algorithms, ...(opts.audience ? { audience: opts.audience } : {}) };
        const { payload } =
          key instanceof Uint8Array ? await jwtVerify(token, key, verifyOpts) : await jwtVerify(token, key, verifyOpts);
        const claims = Claims.safeParse(payload);
        if (!claims.success) throw new DomainError(ErrorCode.unauthenticated, 'the token carries no subject');
        const roles = claims.data.roles.filter((r): r is Role => Role.safeParse(r).success);
        return { sub: claims.data.sub, roles, ...(claims.data.name ? { name: claims.data.name } : {}) };
      } catch (err) {
        if (err instanceof DomainError) throw err;
        throw new DomainError(ErrorCode.unauthenticated, `invalid token: ${reasonOf(err)}`);
      }
    },
  };
}

function requireSecret(secret: string | undefined): string {
  if (!secret) throw new Error('JWT verification needs GOVFLOW_JWT_SECRET or GOVFLOW_JWKS_URL');
  return secret;
}

function reasonOf(err: unknown): string {
  if (err instanceof joseErrors.JWTExpired) return 'expired';
  if (err instanceof joseErrors.JWTClaimValidationFailed) return `claim "${err.claim}" ${err.reason}`;
  if (err instanceof joseErrors.JWSSignatureVerificationFailed) return 'bad signature';
  if (err instanceof joseErrors.JOSEError) return err.code;
  return 'not a JWT';
}

/** Hono variables set by `authenticate`. */
export interface AuthEnv {
  Variables: { caller: Caller };
}

/** Middleware: requires a bearer token and puts the caller on the context. */
export function authenticate(auth: Authenticator): MiddlewareHandler<AuthEnv> {
  return async (c, next) => {
    const header = c.req.header('authorization') ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match?.[1]) {
      throw new DomainError(ErrorCode.unauthenticated, 'a bearer token is required (Authorization: Bearer <jwt>)');
    }
    c.set('caller', await auth.authenticate(match[1]));
    await next();
  };
}

/** True when the caller holds one of the roles; `admin` holds them all. */
export function hasRole(caller: Caller, roles: readonly Role[]): boolean {
  return caller.roles.includes('admin') || roles.some((r) => caller.roles.includes(r));
}

/** Middleware: refuses with 403 unless the caller holds one of the roles. */
export function requireRole(...roles: Role[]): MiddlewareHandler<AuthEnv> {
  return async (c, next) => {
    const caller = c.get('caller');
    if (!hasRole(caller, roles)) {
      throw new DomainError(
        ErrorCode.forbidden,
        `${caller.sub} needs one of the roles ${roles.join(', ')} (has ${caller.roles.join(', ') || 'none'})`,
      );
    }
    await next();
  };
}
