import { HTTPException } from 'hono/http-exception';
import { z } from 'zod';

/** The part of an OpenID Provider's discovery document govflow relies on. */
const Discovery = z.object({ issuer: z.string(), jwks_uri: z.url() });

/**
 * Finds the issuer's JWKS through `/.well-known/openid-configuration` (OpenID Connect Discovery 1.0), refusing a
 * document that names another issuer: the keys must belong to the issuer the tokens are checked against.
 */
export async function discoverJwks(issuer: string): Promise<URL> {
  const url = `${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
  let body: unknown;
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(5_000), headers: { accept: 'application/json' } });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    body = await res.json();
  } catch (err) {
    throw new HTTPException(503, { message: `the identity provider ${issuer} is unreachable (${String(err)})` });
  }
  const doc = Discovery.safeParse(body);
  if (!doc.success) throw new HTTPException(503, { message: `${url} is not an OpenID Connect discovery document` });
  if (doc.data.issuer !== issuer)
    throw new HTTPException(503, { message: `${url} names issuer ${doc.data.issuer}, not ${issuer}` });
  return new URL(doc.data.jwks_uri);
}
