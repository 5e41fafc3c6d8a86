import type { MiddlewareHandler } from 'hono';
import { createRemoteJWKSet, errors as joseErrors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { z } from 'zod';
import { DomainError, ErrorCode } from '../domain/errors.ts';
import { Role, type Caller } from '../domain/identity.ts';
import { discoverJwks } from './oidc-discovery.ts';

/** Turns a bearer token into a caller, or throws an UNAUTHENTICATED (or FORBIDDEN: no role) DomainError. */
export interface Authenticator {
  authenticate(token: string): Promise<Caller>;
}

/** How tokens are verified: the issuer's keys, the audience, the longest lifetime and where the roles are. */
export interface OidcAuthOptions {
  issuer: string;
  audience: string;
  /** Longest accepted `exp - now`, in seconds. */
  maxLifetimeSeconds: number;
  /** The claim with the roles, or with group names when `groupRoles` maps them. */
  rolesClaim: string;
  groupRoles?: Readonly<Record<string, string>>;
  /** The verification keys; by default the JWKS named by the issuer's discovery document. */
  keys?: JWTVerifyGetKey;
}

/** Clock skew tolerated on `exp`, `nbf` and `iat`. */
export const CLOCK_SKEW_SECONDS = 60;
/** Signatures by a private key only: `none` and shared-secret (HS*) tokens are refused whatever the key set holds. */
const ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];

const Subject = z.object({ sub: z.string().min(1), name: z.string().optional() });

/** Builds the authenticator every deployment uses: OpenID Connect access tokens checked against the issuer's JWKS. */
export function createOidcAuthenticator(opts: OidcAuthOptions): Authenticator {
  const mapping = checkGroupRoles(opts.groupRoles);
  const keys = opts.keys ?? lazyJwks(opts.issuer);
  const refuse = (reason: string) => new DomainError(ErrorCode.unauthenticated, `invalid token: ${reason}`);
  return {
    async authenticate(token) {
      let payload: JWTPayload;
      try {
        ({ payload } = await jwtVerify(token, keys, {
          issuer: opts.issuer,
          audience: opts.audience,
          algorithms: ALGORITHMS,
          clockTolerance: CLOCK_SKEW_SECONDS,
          requiredClaims: ['exp', 'sub'],
        }));
      } catch (err) {
        if (err instanceof DomainError) throw err;
        throw refuse(reasonOf(err));
      }
      const now = Math.floor(Date.now() / 1000);
      if ((payload.exp ?? 0) - now > opts.maxLifetimeSeconds + CLOCK_SKEW_SECONDS)
        throw refuse(`"exp" is more than ${opts.maxLifetimeSeconds} s ahead (GOVFLOW_TOKEN_MAX_LIFETIME)`);
      if (payload.iat !== undefined && payload.iat > now + CLOCK_SKEW_SECONDS) throw refuse('"iat" is in the future');
      const subject = Subject.safeParse(payload);
      if (!subject.success) throw refuse('the token carries no subject');
      const roles = rolesOf(payload[opts.rolesClaim], opts.rolesClaim, mapping);
      if (typeof roles === 'string') throw refuse(roles);
      if (roles.length === 0)
        throw new DomainError(
          ErrorCode.forbidden,
          `${subject.data.sub} holds no govflow role (claim "${opts.rolesClaim}")`,
        );
      return { sub: subject.data.sub, roles, ...(subject.data.name ? { name: subject.data.name } : {}) };
    },
  };
}

/** The known roles in the claim (unknown ones are ignored, so issuers can share tokens), or why the claim is bad. */
function rolesOf(claim: unknown, name: string, mapping: Record<string, Role> | undefined): Role[] | string {
  if (claim === undefined) return [];
  if (!Array.isArray(claim) || !claim.every((r) => typeof r === 'string'))
    return `claim "${name}" must be a list of strings`;
  const named = mapping ? claim.flatMap((g) => (mapping[g] ? [mapping[g]] : [])) : claim;
  return [...new Set(named.filter((r): r is Role => Role.safeParse(r).success))];
}

function checkGroupRoles(groupRoles: Readonly<Record<string, string>> | undefined): Record<string, Role> | undefined {
  if (!groupRoles) return undefined;
  const bad = Object.entries(groupRoles).filter(([, role]) => !Role.safeParse(role).success);
  if (bad.length > 0)
    throw new Error(
      `GOVFLOW_OIDC_GROUP_ROLES: ${bad.map(([g, r]) => `${g}=${r}`).join(', ')}: roles are ${Role.options.join(', ')}`,
    );
  return groupRoles as Record<string, Role>;
}

/** The issuer's JWKS, found through discovery on first use; a failed discovery is retried on the next request. */
function lazyJwks(issuer: string): JWTVerifyGetKey {
  let found: Promise<JWTVerifyGetKey> | undefined;
  return async (header, token) => {
    found ??= discoverJwks(issuer).then(
      (url) => createRemoteJWKSet(url),
      (err: unknown) => {
        found = undefined;
        throw err;
      },
    );
    return (await found)(header, token);
  };
}

function reasonOf(err: unknown): string {
  if (err instanceof joseErrors.JWTExpired) return 'expired';
  if (err instanceof joseErrors.JWTClaimValidationFailed) return `claim "${err.claim}" ${err.reason}`;
  if (err instanceof joseErrors.JWSSignatureVerificationFailed) return 'bad signature';
  if (err instanceof joseErrors.JOSEAlgNotAllowed) return 'signing algorithm not allowed';
  if (err instanceof joseErrors.JWKSNoMatchingKey) return "no key of the issuer's key set matches";
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
