import Provider, { errors, interactionPolicy, type Configuration, type KoaContextWithOIDC } from 'oidc-provider';
import { API_RESOURCE, CLI_CLIENT_ID, CONSOLE_CLIENT_ID, DEV_ACCOUNT_GRANT } from '../client/oidc-client.ts';
import type { DevAccount } from './accounts.ts';
import type { IssuerKeys } from './keys.ts';
import type { ServiceClient } from './service-clients.ts';

const DEVICE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';

export interface LocalIssuerOptions {
  issuer: string;
  audience: string;
  tokenTtlSeconds: number;
  accounts: ReadonlyMap<string, DevAccount>;
  keys: IssuerKeys;
  /** Service accounts that get client-credentials tokens (their `sub` is the client id). */
  services?: readonly ServiceClient[];
  /** Where the console lives (its redirect and post-sign-out addresses); no console client when empty. */
  consoleUris?: readonly string[];
}

/**
 * A standards OpenID Connect provider (oidc-provider) for development and tests: the roster people sign in without a
 * password (device flow with the built-in sign-in page, or the dev grant), and get JWT access tokens for the API.
 */
export function createLocalIssuer(opts: LocalIssuerOptions): Provider {
  const resourceServer = {
    audience: opts.audience,
    scope: 'govflow',
    accessTokenFormat: 'jwt' as const,
    accessTokenTTL: opts.tokenTtlSeconds,
    jwt: { sign: { alg: 'ES256' as const } },
  };
  const accountOf = (id: string | undefined) => (id === undefined ? undefined : opts.accounts.get(id));
  const services = new Map((opts.services ?? []).map((s) => [s.id, s]));
  const configuration: Configuration = {
    clients: [
      {
        client_id: CLI_CLIENT_ID,
        token_endpoint_auth_method: 'none',
        id_token_signed_response_alg: 'ES256' as const,
        grant_types: [DEVICE_GRANT, DEV_ACCOUNT_GRANT],
        response_types: [],
        redirect_uris: [],
      },
      ...[...services.values()].map((s) => ({
        client_id: s.id,
        client_secret: s.secret,
        token_endpoint_auth_method: 'client_secret_basic' as const,
        id_token_signed_response_alg: 'ES256' as const,
        grant_types: ['client_credentials'],
        response_types: [],
        redirect_uris: [],
        scope: 'govflow',
      })),
      ...consoleClients(opts.consoleUris ?? []),
    ],
    jwks: opts.keys.jwks as Configuration['jwks'],
    cookies: { keys: opts.keys.cookieKeys },
    claims: { openid: ['sub'], profile: ['name'], govflow: ['roles'] },
    scopes: ['openid', 'profile', 'govflow'],
    loadExistingGrant: consoleGrant,
    interactions: { policy: signInPolicy(opts.accounts) },
    findAccount: (_ctx, id) => {
      const a = accountOf(id);
      return a && { accountId: a.id, claims: () => ({ sub: a.id, name: a.name, roles: [...a.roles] }) };
    },
    extraTokenClaims: (_ctx, token) => {
      const a = accountOf('accountId' in token ? (token.accountId as string | undefined) : undefined);
      if (a) return { name: a.name, roles: [...a.roles] };
      // A client-credentials token is the service's own: its roles are the service account's.
      const s = token.kind === 'ClientCredentials' ? services.get(token.clientId ?? '') : undefined;
      return s ? { roles: [...s.roles] } : undefined;
    },
    features: {
      devInteractions: { enabled: true },
      clientCredentials: { enabled: true },
      deviceFlow: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => API_RESOURCE,
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx, indicator) => {
          if (indicator !== API_RESOURCE) throw new errors.InvalidTarget(`unknown resource ${indicator}`);
          return resourceServer;
        },
      },
    },
    ttl: {
      AccessToken: opts.tokenTtlSeconds,
      DeviceCode: 600,
      Grant: opts.tokenTtlSeconds,
      Interaction: 600,
      Session: opts.tokenTtlSeconds,
    },
  };
  const provider = new Provider(opts.issuer, configuration);
  provider.registerGrantType(DEV_ACCOUNT_GRANT, devAccountGrant(resourceServer, opts.accounts), ['account']);
  return provider;
}

/**
 * The provider's sign-in steps, with one check first: the name given at the sign-in page must be a roster person.
 * Without it an unknown name fails later, inside the consent step, as `server_error`; refused here it is
 * `access_denied` with the reason, which a device-flow login reads at the token endpoint and the console at its
 * redirect.
 */
function signInPolicy(accounts: ReadonlyMap<string, DevAccount>): interactionPolicy.DefaultPolicy {
  const policy = interactionPolicy.base();
  policy.get('login')!.checks.add(
    new interactionPolicy.Check('unknown_account', 'the account is on no roster', (ctx) => {
      const id = ctx.oidc.session?.accountId;
      if (id !== undefined && !accounts.has(id))
        throw new errors.AccessDenied(`unknown account "${id}": the roster files list who may sign in`);
      return interactionPolicy.Check.NO_NEED_TO_PROMPT;
    }),
    0,
  );
  return policy;
}

/** The console: a public client (no secret), authorization code with PKCE, back to the console's own address. */
function consoleClients(uris: readonly string[]): NonNullable<Configuration['clients']> {
  if (uris.length === 0) return [];
  return [
    {
      client_id: CONSOLE_CLIENT_ID,
      token_endpoint_auth_method: 'none',
      id_token_signed_response_alg: 'ES256',
      grant_types: ['authorization_code'],
      response_types: ['code'],
      redirect_uris: [...uris],
      post_logout_redirect_uris: [...uris],
    },
  ];
}

/**
 * The console is govflow's own first-party client, so a signed-in person is not asked to consent to it: its grant
 * (sign-in and the API's scope) is created on first use; other clients keep the consent step.
 */
async function consoleGrant(ctx: KoaContextWithOIDC) {
  const { oidc } = ctx;
  const grantId = oidc.result?.consent?.grantId ?? oidc.session?.grantIdFor(oidc.client!.clientId);
  if (grantId) return oidc.provider.Grant.find(grantId);
  if (oidc.client?.clientId !== CONSOLE_CLIENT_ID || !oidc.session?.accountId) return undefined;
  const grant = new oidc.provider.Grant({ clientId: CONSOLE_CLIENT_ID, accountId: oidc.session.accountId });
  grant.addOIDCScope('openid profile govflow');
  grant.addResourceScope(API_RESOURCE, 'govflow');
  await grant.save();
  return grant;
}

/** The dev grant: a token for the named account, as if they had signed in; unknown accounts are refused. */
function devAccountGrant(resourceServer: object, accounts: ReadonlyMap<string, DevAccount>) {
  return async (ctx: KoaContextWithOIDC): Promise<void> => {
    const id = String(ctx.oidc.params?.account ?? '');
    if (!accounts.has(id))
      throw new errors.InvalidGrant(`no dev account "${id}" (the roster files list who may sign in)`);
    const client = ctx.oidc.client!;
    const { AccessToken, Grant, ResourceServer } = ctx.oidc.provider as unknown as ProviderClasses;
    const grant = new Grant({ accountId: id, clientId: client.clientId });
    grant.addResourceScope(API_RESOURCE, 'govflow');
    const grantId = await grant.save();
    const token = new AccessToken({ accountId: id, client, grantId, gty: 'dev_account', scope: 'govflow' });
    token.resourceServer = new ResourceServer(API_RESOURCE, resourceServer);
    const value = await token.save();
    ctx.body = { access_token: value, expires_in: token.expiration, token_type: 'Bearer', scope: 'govflow' };
  };
}

/** The provider's model classes the dev grant uses (their typings do not expose the ResourceServer constructor). */
interface ProviderClasses {
  Grant: new (init: { accountId: string; clientId: string }) => {
    addResourceScope(resource: string, scope: string): void;
    save(): Promise<string>;
  };
  AccessToken: new (init: Record<string, unknown>) => {
    resourceServer: unknown;
    expiration: number;
    save(): Promise<string>;
  };
  ResourceServer: new (identifier: string, info: object) => unknown;
}
