import type { MiddlewareHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { RateLimiterMemory } from 'rate-limiter-flexible';
import { clientAddress } from './access-log.ts';

/** How many failed sign-ins one address may make per window before it is turned away. */
export interface AuthFailureLimit {
  failures: number;
  windowSeconds: number;
}

/**
 * Middleware around authentication: each 401 counts against the caller's address; once an address reaches the limit,
 * its requests get 429 with `Retry-After` until the window passes, so tokens cannot be guessed at speed.
 */
export function limitAuthFailures(limit: AuthFailureLimit): MiddlewareHandler {
  const limiter = new RateLimiterMemory({ points: limit.failures, duration: limit.windowSeconds });
  return async (c, next) => {
    const address = clientAddress(c);
    const seen = await limiter.get(address);
    if (seen && seen.consumedPoints >= limit.failures) {
      const seconds = Math.max(1, Math.ceil(seen.msBeforeNext / 1000));
      c.header('Retry-After', String(seconds));
      throw new HTTPException(429, {
        message: `too many failed sign-ins from ${address}; try again in ${seconds} s`,
      });
    }
    await next();
    if (c.res.status === 401) await limiter.penalty(address, 1);
  };
}
