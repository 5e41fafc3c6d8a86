import { DomainError, ErrorCode } from '../errors.ts';
import type { LifecycleState } from './state.ts';

/** How far ahead of the workflow clock an instant in a command may lie: callers' clocks drift a little. */
export const CLOCK_SKEW_MS = 5 * 60 * 1000;

/**
 * Refuses an instant a command states about the past (`field` names it) that lies ahead of the clock beyond the
 * skew, or before the system was proposed. Deadlines are computed from such instants, so an unbounded one could move
 * a regulator's deadline at will, or past what an event's timestamp can carry.
 */
export function requirePastInstant(s: LifecycleState, field: string, value: string, now: number): void {
  const at = Date.parse(value);
  const refuse = (why: string): never => {
    throw new DomainError(ErrorCode.invalidInput, `invalid input: ${field}: ${why}`, [{ path: field, message: why }]);
  };
  if (!Number.isFinite(at)) refuse(`not an instant: ${value}`);
  if (at > now + CLOCK_SKEW_MS) refuse(`${value} lies in the future (now is ${new Date(now).toISOString()})`);
  // Lifecycles proposed before the instant was recorded have no lower bound here; event validation still holds.
  if (s.proposedAt && at < Date.parse(s.proposedAt)) refuse(`${value} is before the system was proposed (${s.proposedAt})`);
}
