import { z } from 'zod';

/** True when `token` is what a listing hands out: base64url of the visibility store's JSON cursor. */
function isPageCursor(token: string): boolean {
  if (!/^[A-Za-z0-9_-]+$/.test(token)) return false;
  try {
    const cursor: unknown = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    return typeof cursor === 'object' && cursor !== null && !Array.isArray(cursor);
  } catch {
    return false;
  }
}

/**
 * The token of the next page of a listing. Anything but a token a listing handed out is refused at once: the
 * Temporal server answers a malformed one with a retryable error, so it would fail only after 20 s of retries.
 */
export const PageToken = z
  .string()
  .max(4096)
  .refine(isPageCursor, 'not a page token from a previous page of this listing');
