/**
 * Which timers a lifecycle keeps. Each flag defaults to on; a workflow turns one off only while replaying a
 * lifecycle recorded before that timer existed (its history has no place for the new wake-up).
 */
export interface TimerRules {
  /** Dated conditions of approval fall due: `condition.overdue`, then the pack's action. */
  readonly overdueConditions?: boolean;
  /** Dated conditions coming due are announced the pack's lead time before: `condition.due_soon`. */
  readonly dueSoonConditions?: boolean;
}
