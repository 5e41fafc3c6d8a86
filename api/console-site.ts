import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Hono, MiddlewareHandler } from 'hono';
import type { AuthEnv } from './auth.ts';

/** What the console needs from the API process: where its build is, and where people sign in. */
export interface ConsoleSite {
  /** The folder `scripts/build-console.mjs` writes (index.html and assets/). */
  dir: string;
  /** The OpenID Connect issuer the console signs people in at. */
  issuer: string;
  /** The console's public client id at that issuer. */
  clientId: string;
  /** The resource indicator (RFC 8707) of the API, when the issuer wants one for the API's audience. */
  resource?: string;
}

const types: Record<string, string> = {
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  png: 'image/png',
  svg: 'image/svg+xml',
  map: 'application/json',
};

/**
 * Strict headers on every console response: scripts and styles only from this origin (no inline script), the
 * issuer the only other place the page may talk to, never framed, no referrer leaking a page's address.
 */
export function consoleHeaders(issuer: string): MiddlewareHandler {
  const issuerOrigin = new URL(issuer).origin;
  const csp = [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src 'self' ${issuerOrigin}`,
    `form-action 'self' ${issuerOrigin}`,
    "base-uri 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
  return async (c, next) => {
    await next();
    c.header('content-security-policy', csp);
    c.header('x-content-type-options', 'nosniff');
    c.header('x-frame-options', 'DENY');
    c.header('referrer-policy', 'no-referrer');
    c.header('cross-origin-opener-policy', 'same-origin');
    c.header('permissions-policy', 'camera=(), microphone=(), geolocation=()');
  };
}

/** Serves the console at /console/ (one page; the routes live after `#`), its assets, and its sign-in settings. */
export function registerConsole(app: Hono<AuthEnv>, site: ConsoleSite): void {
  app.use('/console', consoleHeaders(site.issuer));
  app.use('/console/*', consoleHeaders(site.issuer));
  app.get('/console', (c) => c.redirect('/console/', 301));
  app.get('/console/config.json', (c) =>
    c.json({ issuer: site.issuer, clientId: site.clientId, ...(site.resource ? { resource: site.resource } : {}) }),
  );
  app.get('/console/', async (c) => {
    const html = await readFile(join(site.dir, 'index.html'), 'utf8').catch(() => undefined);
    if (html === undefined)
      return c.text('the console is not built: npm start and npm test build it (node scripts/build-console.mjs)', 503);
    c.header('cache-control', 'no-cache');
    return c.html(html);
  });
  app.get('/console/assets/:name', async (c) => {
    const name = c.req.param('name');
    const ext = /^[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*\.([a-z]+)$/.exec(name)?.[1];
    const type = ext ? types[ext] : undefined;
    const body = type ? await readFile(join(site.dir, 'assets', name)).catch(() => undefined) : undefined;
    if (!body || !type) return c.text('not found', 404);
    // Asset names carry a content hash, so they never change under the same name.
    c.header('cache-control', 'public, max-age=31536000, immutable');
    c.header('content-type', type);
    return c.body(body);
  });
}
