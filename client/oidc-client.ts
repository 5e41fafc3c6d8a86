import { z } from 'zod';

/** The local issuer's password-less grant (development and test only; a real issuer knows nothing of it). */
export const DEV_ACCOUNT_GRANT = 'urn:govflow:params:oauth:grant-type:dev-account';
/** The CLI's client id on the local issuer, and the default elsewhere. */
export const CLI_CLIENT_ID = 'govflow-cli';
/** The web console's client id on the local issuer, and the default elsewhere (GOVFLOW_CONSOLE_CLIENT_ID). */
export const CONSOLE_CLIENT_ID = 'govflow-console';
/** The resource indicator (RFC 8707) of the govflow API at the local issuer; its tokens carry the configured audience. */
export const API_RESOURCE = 'urn:govflow:api';
const DEVICE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';

const Endpoints = z.object({
  issuer: z.string(),
  token_endpoint: z.url(),
  device_authorization_endpoint: z.url().optional(),
});
const TokenResponse = z.object({ access_token: z.string().min(1), expires_in: z.number().optional() });
const TokenError = z.object({ error: z.string(), error_description: z.string().optional() });
const DeviceAuthorization = z.object({
  device_code: z.string(),
  user_code: z.string(),
  verification_uri: z.url(),
  verification_uri_complete: z.url().optional(),
  expires_in: z.number(),
  interval: z.number().default(5),
});
export type DeviceAuthorization = z.infer<typeof DeviceAuthorization>;

/** An issuer's answer refusing a grant (`invalid_grant`, `access_denied`, ...), or an unreachable issuer. */
export class OidcError extends Error {
  override readonly name = 'OidcError';
}

async function postForm(url: string, form: Record<string, string>): Promise<{ status: number; body: unknown }> {
  let res: Response;
  try {
    res = await fetch(url, { method: 'POST', body: new URLSearchParams(form), signal: AbortSignal.timeout(15_000) });
  } catch (err) {
    throw new OidcError(`cannot reach ${url}: ${String(err)}`);
  }
  return { status: res.status, body: await res.json().catch(() => ({})) };
}

/** Reads the issuer's discovery document (OpenID Connect Discovery 1.0) for its endpoints. */
export async function discoverEndpoints(issuer: string): Promise<z.infer<typeof Endpoints>> {
  const url = `${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
  let body: unknown;
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(15_000) });
    body = res.ok ? await res.json() : { status: res.status };
  } catch (err) {
    throw new OidcError(`cannot reach the issuer ${issuer}: ${String(err)}`);
  }
  const doc = Endpoints.safeParse(body);
  if (!doc.success) throw new OidcError(`${url} is not an OpenID Connect discovery document`);
  return doc.data;
}

function tokenOf(r: { status: number; body: unknown }, what: string): string {
  const ok = TokenResponse.safeParse(r.body);
  if (r.status === 200 && ok.success) return ok.data.access_token;
  const err = TokenError.safeParse(r.body);
  const reason = !err.success
    ? `HTTP ${r.status}`
    : err.data.error_description
      ? `${err.data.error} (${err.data.error_description})`
      : err.data.error;
  throw new OidcError(`${what} refused: ${reason}`);
}

/** A dev account's access token from the local issuer's token endpoint, as `govflow login --dev-account` gets it. */
export async function devAccountToken(opts: { issuer: string; account: string; clientId?: string }): Promise<string> {
  const { token_endpoint } = await discoverEndpoints(opts.issuer);
  const form = { grant_type: DEV_ACCOUNT_GRANT, account: opts.account, client_id: opts.clientId ?? CLI_CLIENT_ID };
  return tokenOf(await postForm(token_endpoint, form), `sign-in as ${opts.account}`);
}

/**
 * Signs in with the device authorization grant (RFC 8628): asks for a code, shows the person where to enter it,
 * and polls the token endpoint at the issuer's pace until they have signed in, refused, or the code expired.
 */
export async function deviceLogin(opts: {
  issuer: string;
  clientId: string;
  scope: string;
  prompt: (auth: DeviceAuthorization) => void;
  sleep?: (ms: number) => Promise<void>;
}): Promise<string> {
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const endpoints = await discoverEndpoints(opts.issuer);
  if (!endpoints.device_authorization_endpoint)
    throw new OidcError(`${opts.issuer} does not offer the device authorization grant`);
  const started = await postForm(endpoints.device_authorization_endpoint, {
    client_id: opts.clientId,
    scope: opts.scope,
  });
  const auth = DeviceAuthorization.safeParse(started.body);
  if (!auth.success) return tokenOf(started, 'device authorization');
  opts.prompt(auth.data);
  let interval = auth.data.interval;
  const deadline = Date.now() + auth.data.expires_in * 1000;
  const form = { grant_type: DEVICE_GRANT, device_code: auth.data.device_code, client_id: opts.clientId };
  while (Date.now() < deadline) {
    await sleep(interval * 1000);
    const r = await postForm(endpoints.token_endpoint, form);
    const pending = TokenError.safeParse(r.body);
    if (pending.success && pending.data.error === 'authorization_pending') continue;
    if (pending.success && pending.data.error === 'slow_down') {
      interval += 5;
      continue;
    }
    return tokenOf(r, 'sign-in');
  }
  throw new OidcError('the sign-in code expired before it was used; run govflow login again');
}

/** A service's access token by the client-credentials grant (RFC 6749 §4.4), for the govflow API resource. */
export async function clientCredentialsToken(opts: { issuer: string; clientId: string; secret: string; resource?: string }): Promise<string> {
  const { token_endpoint } = await discoverEndpoints(opts.issuer);
  let res: Response;
  try {
    res = await fetch(token_endpoint, {
      method: 'POST',
      headers: { authorization: `Basic ${Buffer.from(`${encodeURIComponent(opts.clientId)}:${encodeURIComponent(opts.secret)}`).toString('base64')}` },
      body: new URLSearchParams({ grant_type: 'client_credentials', scope: 'govflow', resource: opts.resource ?? 'urn:govflow:api' }),
      signal: AbortSignal.timeout(15_000),
    });
  } catch (err) {
    throw new OidcError(`cannot reach ${token_endpoint}: ${String(err)}`);
  }
  return tokenOf({ status: res.status, body: await res.json().catch(() => ({})) }, `a client-credentials token for ${opts.clientId}`);
}
