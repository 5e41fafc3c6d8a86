import { DomainError, ErrorCode } from '../errors.ts';
import { isTerminal } from './state.ts';
import type { LifecycleState, ReviewRound, Stage } from './state.ts';

/** Throws a business refusal with a stable code. */
export function refuse(code: ErrorCode, message: string): never {
  throw new DomainError(code, message);
}

/** The proposer or the owner of the system. */
export function isAccountable(s: LifecycleState, actor: string): boolean {
  return s.proposal !== null && (s.proposal.proposer === actor || s.proposal.owner === actor);
}

/** Refuses anyone but the proposer or the owner. */
export function requireAccountable(s: LifecycleState, actor: string, what: string): void {
  if (!isAccountable(s, actor)) refuse(ErrorCode.forbidden, `only the proposer or the owner may ${what}`);
}

/** Refuses when the stage is not one of `stages`. */
export function requireStage(s: LifecycleState, stages: readonly Stage[], what: string): void {
  if (!stages.includes(s.stage)) refuse(ErrorCode.wrongStage, `cannot ${what} while the system is ${s.stage}`);
}

/** Refuses when the lifecycle has ended. */
export function requireLive(s: LifecycleState, what: string): void {
  if (isTerminal(s)) refuse(ErrorCode.wrongStage, `cannot ${what}: the system is ${s.stage}`);
}

/** The open round, checked for a committee member acting in it; refusals in the order a person would ask. */
export function requireRoundMember(s: LifecycleState, actor: string, what: string): ReviewRound {
  const round = s.review;
  if (!round) return refuse(ErrorCode.wrongStage, `cannot ${what}: no review round is open (the system is ${s.stage})`);
  if (isAccountable(s, actor)) refuse(ErrorCode.ownSystem, `${actor} proposed or owns this system and cannot ${what} on it`);
  const member = round.members.find((m) => m.id === actor);
  if (!member) refuse(ErrorCode.notOnRoster, `${actor} is not on committee ${round.committee}`);
  if (!round.expectedVoters.includes(actor)) {
    refuse(ErrorCode.forbidden, `${actor} is an adviser on committee ${round.committee}: advisers comment but do not ${what}`);
  }
  if (round.recusals.some((r) => r.member === actor)) refuse(ErrorCode.recused, `${actor} recused from round ${round.round}`);
  if (round.votes.some((v) => v.voter === actor)) refuse(ErrorCode.alreadyVoted, `${actor} already voted in round ${round.round}`);
  return round;
}
