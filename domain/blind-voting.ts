import { z } from 'zod';
import { dutiesOf } from './authorization.ts';
import type { Actor } from './identity.ts';
import { Vote } from './lifecycle/commands.ts';
import { LifecycleState, ReviewRound } from './lifecycle/state.ts';
import { UserId } from './proposal.ts';

/** A vote as a reader sees it: under blind voting, how and why stay hidden until the round closes. */
export const VoteView = z.strictObject({ voter: UserId, vote: Vote.nullable(), rationale: z.string().nullable() });
export type VoteView = z.infer<typeof VoteView>;

/** The open round as a reader sees it; `blind` says whether other members' votes are hidden. */
export const ReviewRoundView = ReviewRound.extend({ votes: z.array(VoteView), blind: z.boolean() });
export type ReviewRoundView = z.infer<typeof ReviewRoundView>;

/** A system's state as a reader sees it. */
export const StateView = LifecycleState.extend({ review: ReviewRoundView.nullable() });
export type StateView = z.infer<typeof StateView>;

/** True when the pack keeps votes blind and a round is open. */
export const isBlind = (s: LifecycleState): boolean => s.review !== null && dutiesOf(s).blindVoting;

/**
 * The state for `reader`: while a blind round is open, everyone sees who has voted but only their own vote and
 * rationale; once the round closes, its votes are in the events for every reader of the system.
 */
export function viewFor(reader: Actor, s: LifecycleState): StateView {
  if (!s.review) return { ...s, review: null };
  const blind = isBlind(s);
  const votes = s.review.votes.map((v) => (!blind || v.voter === reader.sub ? v : { voter: v.voter, vote: null, rationale: null }));
  return { ...s, review: { ...s.review, votes, blind } };
}

/** A sealed event's short type and data, as far as hiding a vote needs. */
interface EventLike {
  readonly type: string;
  readonly data: unknown;
}

/**
 * Events for `reader`: the votes of an open blind round lose their vote and rationale (marked `redacted`), so such an
 * event no longer matches its hash until the round closes; the topic always carries the complete event.
 */
export function redactEvents<E extends EventLike>(reader: Actor, s: LifecycleState, events: readonly E[]): E[] {
  if (!isBlind(s)) return [...events];
  const round = s.review!.round;
  return events.map((e) => {
    const d = e.data as { round?: unknown; voter?: unknown };
    if (!e.type.endsWith('review.vote_cast.v1') || d.round !== round || d.voter === reader.sub) return e;
    return { ...e, data: { round, voter: d.voter, vote: null, rationale: null, redacted: true } };
  });
}
