import { z } from 'zod';
import { DomainError, ErrorCode } from '../../domain/errors.ts';

/** Where a page of the system list ended: the last row's start time and id (the list's order). */
const ListCursor = z.strictObject({ after: z.tuple([z.string(), z.string()]) });

/** The page token for the rows after `last`: base64url of a small JSON object, as the visibility store's are. */
export const encodeListCursor = (last: { startedAt: string; systemId: string }): string =>
  Buffer.from(JSON.stringify({ after: [last.startedAt, last.systemId] })).toString('base64url');

/** The cursor in a page token; a token that is not one of this list's is refused, never read as "from the start". */
export function decodeListCursor(token: string): { startedAt: string; systemId: string } {
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    raw = undefined;
  }
  const parsed = ListCursor.safeParse(raw);
  if (!parsed.success) {
    const message = 'not a page token from a previous page of this listing';
    throw new DomainError(ErrorCode.invalidInput, `invalid query input: pageToken: ${message}`, [{ path: 'pageToken', message }]);
  }
  return { startedAt: parsed.data.after[0], systemId: parsed.data.after[1] };
}
