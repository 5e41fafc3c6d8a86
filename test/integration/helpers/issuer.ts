import { createOidcAuthenticator } from '../../../api/auth.ts';
import { devAccountToken } from '../../../client/oidc-client.ts';
import { testConfig } from './temporal.ts';

/** The local OpenID Connect issuer the stack scripts start (GOVFLOW_OIDC_PORT). */
export const issuerUrl: string = testConfig.GOVFLOW_OIDC_ISSUER ?? `http://127.0.0.1:${testConfig.GOVFLOW_OIDC_PORT}`;

const tokens = new Map<string, Promise<string>>();

/** A roster person's access token, from the issuer's token endpoint as `govflow login --dev-account` gets it. */
export function tokenFor(account: string): Promise<string> {
  let token = tokens.get(account);
  if (!token) {
    token = devAccountToken({ issuer: issuerUrl, account });
    tokens.set(account, token);
  }
  return token;
}

/** The API's authenticator as `api/main.ts` builds it: discovery and JWKS of the local issuer. */
export const issuerAuthenticator = () =>
  createOidcAuthenticator({
    issuer: issuerUrl,
    audience: testConfig.GOVFLOW_OIDC_AUDIENCE,
    maxLifetimeSeconds: testConfig.GOVFLOW_TOKEN_MAX_LIFETIME,
    rolesClaim: testConfig.GOVFLOW_OIDC_ROLES_CLAIM,
  });
