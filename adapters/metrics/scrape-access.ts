import { timingSafeEqual } from 'node:crypto';

/** Who may scrape: anyone, only a holder of the bearer token, or no one (production without a token). */
export type ScrapeAccess = { kind: 'open' } | { kind: 'token'; token: string } | { kind: 'closed' };

/**
 * The scrape rule for a process: a configured token is always required; without one, metrics are open outside
 * production and not served in production, where they would tell anyone how the organisation's reviews go.
 */
export function scrapeAccess(config: { GOVFLOW_ENV: string; GOVFLOW_METRICS_TOKEN?: string | undefined }): ScrapeAccess {
  if (config.GOVFLOW_METRICS_TOKEN) return { kind: 'token', token: config.GOVFLOW_METRICS_TOKEN };
  return config.GOVFLOW_ENV === 'production' ? { kind: 'closed' } : { kind: 'open' };
}

/** Whether a request with this `authorization` header may read the metrics: 'ok', or why not. */
export function checkScrape(access: ScrapeAccess, authorization: string | undefined): 'ok' | 'unauthorized' | 'closed' {
  if (access.kind === 'open') return 'ok';
  if (access.kind === 'closed') return 'closed';
  const given = Buffer.from(/^Bearer (.+)$/i.exec(authorization ?? '')?.[1] ?? '');
  const expected = Buffer.from(access.token);
  // Constant time in the token's content; only its length can be learnt, which the configured minimum makes moot.
  return given.length === expected.length && timingSafeEqual(given, expected) ? 'ok' : 'unauthorized';
}
