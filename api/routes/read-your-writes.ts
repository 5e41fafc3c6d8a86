import type { ReadSide } from '../../consumer/read-side/read-side.ts';
import { DomainError, ErrorCode } from '../../domain/errors.ts';

/** How long a read waits for the read side to fold the event it names before answering 503. */
export const DEFAULT_READ_WAIT_MS = 5000;

/**
 * Waits until the read side has folded `minSequence` (`<systemId>:<sequence>`, or a bare sequence of `systemId`),
 * so a read after a command sees it; a read side still behind after `waitMs` is a READ_SIDE_BEHIND refusal (503)
 * saying how far it is, never a stale answer passed off as fresh.
 */
export async function awaitMinSequence(
  readSide: ReadSide,
  minSequence: string | undefined,
  waitMs: number,
  systemId?: string,
): Promise<void> {
  if (minSequence === undefined) return;
  const split = minSequence.lastIndexOf(':');
  const id = split < 0 ? systemId : minSequence.slice(0, split);
  const sequence = Number(minSequence.slice(split + 1));
  if (id === undefined) throw new DomainError(ErrorCode.invalidInput, 'minSequence must name its system: <systemId>:<sequence>');
  if (await readSide.waitFor(id, sequence, waitMs)) return;
  const at = await readSide.sequenceOf(id);
  throw new DomainError(
    ErrorCode.readSideBehind,
    `the read side has ${id} up to sequence ${at}, not yet ${sequence}, after waiting ${waitMs} ms; retry shortly`,
  );
}
