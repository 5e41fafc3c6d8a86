// Sign-in with OpenID Connect, authorization code with PKCE (RFC 7636). The tokens live in this module's memory only:
// never in localStorage or a cookie of ours, so a reload signs in again (silently while the issuer's session lasts).
// sessionStorage holds only the PKCE verifier and the page to return to, for the one round trip to the issuer.

export interface ConsoleSettings {
  issuer: string;
  clientId: string;
  resource?: string;
}

/** Who is signed in, as the access token says (for the page; the API decides what they may do). */
export interface Session {
  accessToken: string;
  idToken?: string;
  expiresAt: number;
  sub: string;
  name: string;
  roles: string[];
}

interface Endpoints {
  authorization_endpoint: string;
  token_endpoint: string;
  end_session_endpoint?: string;
}

const PENDING = 'govflow.signin.';
const SCOPE = 'openid profile govflow';
let session: Session | undefined;
let endpoints: Promise<Endpoints> | undefined;

export const currentSession = (): Session | undefined => session;

const redirectUri = (): string => `${location.origin}/console/`;

function discover(settings: ConsoleSettings): Promise<Endpoints> {
  endpoints ??= fetch(`${settings.issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`).then(async (r) => {
    if (!r.ok) throw new Error(`the issuer's discovery document answered ${r.status}`);
    return (await r.json()) as Endpoints;
  });
  return endpoints;
}

const base64url = (bytes: Uint8Array): string =>
  btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

function randomString(): string {
  return base64url(crypto.getRandomValues(new Uint8Array(32)));
}

/** Sends the browser to the issuer; it comes back to the console with a code, then to `returnTo` (a `#/` route). */
export async function beginSignIn(settings: ConsoleSettings, returnTo: string): Promise<never> {
  const ep = await discover(settings);
  const verifier = randomString();
  const state = randomString();
  const challenge = base64url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
  sessionStorage.setItem(PENDING + state, JSON.stringify({ verifier, returnTo }));
  const url = new URL(ep.authorization_endpoint);
  const params: Record<string, string> = {
    response_type: 'code',
    client_id: settings.clientId,
    redirect_uri: redirectUri(),
    scope: SCOPE,
    state,
    code_challenge: challenge,
    code_challenge_method: 'S256',
    ...(settings.resource ? { resource: settings.resource } : {}),
  };
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  location.assign(url.href);
  return new Promise<never>(() => undefined);
}

function claimsOf(jwt: string): Record<string, unknown> {
  const part = jwt.split('.')[1] ?? '';
  const json = atob(part.replace(/-/g, '+').replace(/_/g, '/'));
  return JSON.parse(new TextDecoder().decode(Uint8Array.from(json, (c) => c.charCodeAt(0)))) as Record<string, unknown>;
}

/**
 * Finishes a sign-in when the issuer has sent the browser back with a code: trades it (and the verifier) for tokens
 * and returns the route to show. Undefined when this load is not a return from the issuer.
 */
export async function completeSignIn(settings: ConsoleSettings): Promise<string | undefined> {
  const params = new URLSearchParams(location.search);
  const code = params.get('code');
  const state = params.get('state') ?? '';
  const error = params.get('error');
  if (!code && !error) return undefined;
  const pending = sessionStorage.getItem(PENDING + state);
  sessionStorage.removeItem(PENDING + state);
  history.replaceState(null, '', '/console/');
  if (error) throw new Error(params.get('error_description') ?? error);
  if (!pending) throw new Error('this sign-in was not started here (unknown state)');
  const { verifier, returnTo } = JSON.parse(pending) as { verifier: string; returnTo: string };
  const ep = await discover(settings);
  const form: Record<string, string> = {
    grant_type: 'authorization_code',
    code: code!,
    redirect_uri: redirectUri(),
    client_id: settings.clientId,
    code_verifier: verifier,
    ...(settings.resource ? { resource: settings.resource } : {}),
  };
  const res = await fetch(ep.token_endpoint, { method: 'POST', body: new URLSearchParams(form) });
  const body = (await res.json()) as { access_token?: string; id_token?: string; expires_in?: number; error_description?: string };
  if (!res.ok || !body.access_token) throw new Error(body.error_description ?? `the token endpoint answered ${res.status}`);
  const claims = claimsOf(body.access_token);
  session = {
    accessToken: body.access_token,
    ...(body.id_token ? { idToken: body.id_token } : {}),
    expiresAt: Date.now() + (body.expires_in ?? 300) * 1000,
    sub: String(claims.sub ?? ''),
    name: String(claims.name ?? claims.sub ?? ''),
    roles: Array.isArray(claims.roles) ? claims.roles.map(String) : [],
  };
  return returnTo;
}

/** Forgets the tokens and ends the session at the issuer, which sends the browser back signed out. */
export async function signOut(settings: ConsoleSettings): Promise<void> {
  const idToken = session?.idToken;
  session = undefined;
  const ep = await discover(settings);
  if (!ep.end_session_endpoint) {
    location.assign('/console/?signed-out=1');
    return;
  }
  const url = new URL(ep.end_session_endpoint);
  url.searchParams.set('client_id', settings.clientId);
  url.searchParams.set('post_logout_redirect_uri', redirectUri());
  url.searchParams.set('state', 'signed-out');
  if (idToken) url.searchParams.set('id_token_hint', idToken);
  location.assign(url.href);
}

/** True when this load is the issuer's return after sign-out. */
export const returnedFromSignOut = (): boolean => {
  const p = new URLSearchParams(location.search);
  return p.get('state') === 'signed-out' || p.has('signed-out');
};
