import { z } from 'zod';
import { DomainError, ErrorCode } from '../../domain/errors.ts';

/**
 * Where a page ended: the last row's pair of ordering keys, and which listing handed it out (`of`; the system list's
 * tokens carry none, as they did before the inbox had pages), so one listing's token is never read by another.
 */
const PageCursor = z.strictObject({ after: z.tuple([z.string(), z.string()]), of: z.literal('inbox').optional() });

type Listing = 'systems' | 'inbox';

const encode = (of: Listing, after: readonly [string, string]): string =>
  Buffer.from(JSON.stringify(of === 'systems' ? { after } : { after, of })).toString('base64url');

/** The pair in a page token of `of`; a token that is not one of this listing's is refused, never read as "from the start". */
function decode(of: Listing, token: string): readonly [string, string] {
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    raw = undefined;
  }
  const parsed = PageCursor.safeParse(raw);
  if (!parsed.success || (parsed.data.of ?? 'systems') !== of) {
    const message = 'not a page token from a previous page of this listing';
    throw new DomainError(ErrorCode.invalidInput, `invalid query input: pageToken: ${message}`, [{ path: 'pageToken', message }]);
  }
  return parsed.data.after;
}

/** The page token for the systems after `last`: base64url of a small JSON object, as the visibility store's are. */
export const encodeListCursor = (last: { startedAt: string; systemId: string }): string =>
  encode('systems', [last.startedAt, last.systemId]);

/** The cursor in a system list's page token. */
export function decodeListCursor(token: string): { startedAt: string; systemId: string } {
  const [startedAt, systemId] = decode('systems', token);
  return { startedAt, systemId };
}

/** The page token for the inbox rows after `last` (the inbox's order: deadline, then system id). */
export const encodeInboxCursor = (last: { deadline: string; systemId: string }): string =>
  encode('inbox', [last.deadline, last.systemId]);

/** The cursor in an inbox page token. */
export function decodeInboxCursor(token: string): { deadline: string; systemId: string } {
  const [deadline, systemId] = decode('inbox', token);
  return { deadline, systemId };
}
