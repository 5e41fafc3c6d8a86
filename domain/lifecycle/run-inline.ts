import type { RiskAssessment } from '../assess-risk.ts';
import type { Roster } from '../roster.ts';
import type { Command, DecideContext } from './decide.ts';
import type { LifecycleState } from './state.ts';
import { step } from './step.ts';
import type { AssessmentRequest, Step } from './step.ts';

/** Answers an assessment request in-process (the workflow runs an activity instead). */
export type AssessInline = (request: AssessmentRequest) => { assessment: RiskAssessment; roster: Roster };

/**
 * Steps a command, then every assessment the resulting state waits for, answered by `assess`: the lifecycle's
 * progress between two commands, for code that needs no workflow (test doubles, offline tools). Returns the command's
 * step first, then one step per assessment.
 */
export function stepToRest(s: LifecycleState, c: Command, ctx: DecideContext, assess: AssessInline): Step[] {
  let last = step(s, c, ctx);
  const steps = [last];
  // Bounded: each recorded assessment clears the pending one or ends the lifecycle.
  for (let i = 0; i < 10 && last.assessment; i += 1) {
    last = step(last.state, { type: 'recordAssessment', ...assess(last.assessment) }, ctx);
    steps.push(last);
  }
  return steps;
}
