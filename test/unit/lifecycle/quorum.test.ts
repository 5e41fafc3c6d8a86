import { describe, expect, it } from 'vitest';
import { tallyRound } from '../../../domain/lifecycle/quorum.ts';
import type { ReviewRound } from '../../../domain/lifecycle/state.ts';

const voters = ['a', 'b', 'c', 'd', 'e'];
function round(minVotes: number, approvalShare: number, minDistinctApprovers: number, votes: string, recused = ''): ReviewRound {
  const v = { A: 'approve', R: 'reject', C: 'request_changes' } as const;
  return {
    round: 1, purpose: 'initial', committee: 'c', members: [], expectedVoters: voters, minVotes, approvalShare, minDistinctApprovers,
    opensAt: '2026-01-01T00:00:00.000Z', deadline: '2026-01-02T00:00:00.000Z', reminderTimes: [], urgent: false,
    votes: [...votes].map((x, i) => ({ voter: voters[i]!, vote: v[x as 'A' | 'R' | 'C'], rationale: 'r' })),
    recusals: [...recused].map((m) => ({ member: m, conflict: 'c' })), remindersSent: 0, escalated: false,
  };
}

describe('the committee rule', () => {
  it.each([
    // minVotes, share, distinct, tier, votes (by a, b, c, ...), recused, outcome
    [1, 0.5, 1, 'minimal', 'A', '', 'approve'],
    [2, 0.5, 1, 'limited', 'A', '', 'pending'],
    [2, 0.5, 1, 'limited', 'AC', '', 'approve'],
    [3, 0.6, 2, 'high', 'AAC', '', 'approve'],
    [3, 0.6, 2, 'high', 'ACC', '', 'pending'],
    [3, 0.6, 2, 'high', 'ACCC', '', 'request_changes'],
    [3, 0.6, 2, 'high', 'ARR', '', 'reject'],
    [3, 0.6, 2, 'high', 'ARC', '', 'pending'],
    [3, 0.6, 2, 'high', 'ARCR', '', 'reject'],
    [1, 0.5, 1, 'high', 'A', '', 'pending'],
    [2, 0.5, 1, 'limited', 'RR', '', 'reject'],
    [2, 0.5, 1, 'limited', 'CC', '', 'pending'],
    [2, 0.5, 1, 'limited', 'CCC', '', 'request_changes'],
    [3, 0.6, 2, 'high', '', 'abc', 'pending'],
    [3, 1, 3, 'high', 'AAR', 'de', 'reject'],
    [3, 1, 3, 'high', 'AAC', 'de', 'request_changes'],
  ] as const)('minVotes %i, share %d, %i approvers, %s tier: votes "%s" (recused "%s") -> %s', (minVotes, share, distinct, tier, votes, recused, outcome) => {
    expect(tallyRound(round(minVotes, share, distinct, votes, recused), tier).outcome).toBe(outcome);
  });

  it('never approves a high-tier round on one approval, whatever the pack says', () => {
    expect(tallyRound(round(1, 0.1, 1, 'A'), 'high').outcome).toBe('pending');
    expect(tallyRound(round(1, 0.1, 1, 'AA'), 'high').outcome).toBe('approve');
  });

  it('ignores the votes of a member who later recused, and counts a voter once', () => {
    const r = round(2, 0.5, 1, 'AA', 'a');
    expect(tallyRound(r, 'limited')).toMatchObject({ outcome: 'pending', tally: { approvals: 1, eligible: 4, recused: 1 } });
    const twice = { ...r, recusals: [], votes: [...r.votes, { voter: 'a', vote: 'reject' as const, rationale: 'again' }] };
    expect(tallyRound(twice, 'limited').tally).toMatchObject({ approvals: 2, rejections: 0 });
  });
});
