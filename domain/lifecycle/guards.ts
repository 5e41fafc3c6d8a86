import { may, type Action } from '../authorization.ts';
import { DomainError, ErrorCode } from '../errors.ts';
import type { Actor, Role } from '../identity.ts';
import { isTerminal } from './state.ts';
import type { LifecycleState, ReviewRound, Stage } from './state.ts';

/** Throws a business refusal with a stable code. */
export function refuse(code: ErrorCode, message: string): never {
  throw new DomainError(code, message);
}

/** The actor a command names, with the roles it carries (if any). */
export const actorOf = (c: { actor: string; roles?: readonly Role[] | undefined }): Actor =>
  c.roles === undefined ? { sub: c.actor } : { sub: c.actor, roles: c.roles };

/** Refuses unless the one rule set lets the actor do the action: the same answer the API gave before sending it. */
export function requireMay(s: LifecycleState, actor: Actor, action: Action): void {
  const d = may(actor, action, s);
  if (!d.allowed) refuse(d.code, d.reason);
}

/** Refuses when the stage is not one of `stages`. */
export function requireStage(s: LifecycleState, stages: readonly Stage[], what: string): void {
  if (!stages.includes(s.stage)) refuse(ErrorCode.wrongStage, `cannot ${what} while the system is ${s.stage}`);
}

/** Refuses when the lifecycle has ended. */
export function requireLive(s: LifecycleState, what: string): void {
  if (isTerminal(s)) refuse(ErrorCode.wrongStage, `cannot ${what}: the system is ${s.stage}`);
}

/** The open round, for a committee member the rules let act in it; then the refusals only the round can give. */
export function requireRoundMember(s: LifecycleState, actor: Actor, action: 'castVote' | 'recuse'): ReviewRound {
  requireMay(s, actor, action);
  const what = action === 'castVote' ? 'vote' : 'recuse';
  const round = s.review;
  if (!round) return refuse(ErrorCode.wrongStage, `cannot ${what}: no review round is open (the system is ${s.stage})`);
  const me = actor.sub;
  if (!round.expectedVoters.includes(me)) refuse(ErrorCode.forbidden, `${me} is not an expected voter in round ${round.round}`);
  if (round.recusals.some((r) => r.member === me)) refuse(ErrorCode.recused, `${me} recused from round ${round.round}`);
  if (round.votes.some((v) => v.voter === me)) refuse(ErrorCode.alreadyVoted, `${me} already voted in round ${round.round}`);
  return round;
}
