import { addDuration } from '../durations.ts';
import type { ConditionState } from './state.ts';

/**
 * When a recurring duty falls due again once met: its period after the later of its due date and now (met early,
 * the schedule holds; met late, the next period starts from the fulfilment). Null for a one-off condition.
 */
export function nextOccurrence(condition: Pick<ConditionState, 'recurs' | 'dueAt'>, now: number): string | null {
  if (!condition.recurs || condition.dueAt === null) return null;
  return new Date(addDuration(Math.max(Date.parse(condition.dueAt), now), condition.recurs)).toISOString();
}
