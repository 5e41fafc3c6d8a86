import { meetsFraction } from '../approval-share.ts';
import type { Tier } from '../policy-pack.ts';
import type { Tally } from './events.ts';
import type { ReviewRound } from './state.ts';

/** What a round's votes say so far. */
export type Outcome = 'pending' | 'approve' | 'reject' | 'request_changes';

/** The outcome of a round and the counts it rests on. */
export interface RoundResult {
  readonly outcome: Outcome;
  readonly tally: Tally;
}

/** The number of distinct approvals a round needs: the tier's minimum, never fewer than 1, and 2 for high tier. */
export function requiredApprovers(round: ReviewRound, tier: Tier | null): number {
  return Math.max(1, round.minDistinctApprovers, tier === 'high' ? 2 : 1);
}

/**
 * The committee rule. Only expected voters who have not recused count (advisers, the proposer and the owner are
 * never expected voters); each counts once. With `cast` votes, `remaining` eligible members yet to vote:
 * 1. approve when cast >= minVotes, approvals >= required distinct approvers and approvals / cast reaches the share
 *    (exactly, in integers, when the round carries its fraction: 2 of 3 meets 2/3; else approvals >= approvalShare * cast);
 * 2. otherwise, once cast >= minVotes: reject when rejections are a majority of the votes cast;
 * 3. otherwise pending while cast < minVotes, or while approval is still reachable (every remaining member
 *    approving would meet rule 1);
 * 4. otherwise approval is blocked: request_changes, unless rejections outnumber change requests (then reject).
 * A round that can never reach minVotes (too many recusals) stays pending: the deadline escalates it to the chair.
 * Timers never call this with a different outcome: only votes and recusals change a tally.
 */
export function tallyRound(round: ReviewRound, tier: Tier | null): RoundResult {
  const recused = new Set(round.recusals.map((r) => r.member));
  const eligible = round.expectedVoters.filter((v) => !recused.has(v));
  const eligibleSet = new Set(eligible);
  // Each eligible voter's first vote counts (decide refuses a second one, so there is only ever one to keep).
  const firstVotes = new Map<string, string>();
  for (const v of round.votes) if (eligibleSet.has(v.voter) && !firstVotes.has(v.voter)) firstVotes.set(v.voter, v.vote);
  const count = (vote: string): number => [...firstVotes.values()].filter((v) => v === vote).length;
  const approvals = count('approve');
  const rejections = count('reject');
  const changeRequests = count('request_changes');
  const cast = firstVotes.size;
  const remaining = eligible.length - cast;
  const tally: Tally = { approvals, rejections, changeRequests, eligible: eligible.length, recused: recused.size };
  const need = requiredApprovers(round, tier);
  const quorate = cast >= round.minVotes;
  const fraction = round.approvalFraction;
  const shareMet = (a: number, n: number): boolean => (fraction ? meetsFraction(a, n, fraction) : a >= round.approvalShare * n);
  const approves = (a: number, n: number): boolean => a >= need && shareMet(a, n);

  if (quorate && approves(approvals, cast)) return { outcome: 'approve', tally };
  if (quorate && rejections * 2 > cast) return { outcome: 'reject', tally };
  if (!quorate) return { outcome: 'pending', tally };
  if (approves(approvals + remaining, cast + remaining)) return { outcome: 'pending', tally };
  return { outcome: rejections > changeRequests ? 'reject' : 'request_changes', tally };
}
