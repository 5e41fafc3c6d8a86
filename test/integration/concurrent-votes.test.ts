import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DomainError } from '../../domain/errors.ts';
import type { ProposalInput } from '../../domain/proposal.ts';
import { verifyChain } from '../../events/chain.ts';
import { uniqueName } from './helpers/temporal.ts';
import { acceptedUpdates, openLifecycleEnv, shortTypes, systemEvents, waitForState } from './lifecycle-helpers.ts';
import type { LifecycleEnv } from './lifecycle-helpers.ts';
import { testEventKeys } from '../support/test-keys.ts';

let env: LifecycleEnv;
beforeAll(async () => {
  env = await openLifecycleEnv('concurrent-votes');
});
afterAll(async () => {
  await env?.close();
});

type Attempt = { actor: string; kind: 'castVote' | 'recuse'; vote?: 'approve' | 'reject' | 'request_changes' };
type Outcome = Attempt & { ok: boolean; code?: string };

const times = (n: number, a: Attempt): Attempt[] => Array.from({ length: n }, () => a);
/** Fisher–Yates, so the burst reaches the server in no particular order. */
const shuffled = <T>(xs: T[]): T[] => {
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i -= 1) {
    const j = Math.floor(Math.random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
};

/** Sends one attempt; a refusal must be a DomainError with a code, anything else fails the test. */
async function send(systemId: string, a: Attempt, i: number): Promise<Outcome> {
  try {
    if (a.kind === 'recuse')
      await env.gov.recuse(systemId, { actor: a.actor, conflict: `${a.actor} declares a conflict (${i})` });
    else await env.gov.castVote(systemId, { actor: a.actor, vote: a.vote!, rationale: `${a.actor}: ${a.vote} (${i})` });
    return { ...a, ok: true };
  } catch (e) {
    if (!(e instanceof DomainError)) throw e;
    return { ...a, ok: false, code: e.code };
  }
}

// Refusals each actor may meet: their own reason while the round is open, WRONG_STAGE once it has closed.
const allowedRefusals: Record<string, string[]> = {
  alice: ['ALREADY_VOTED', 'WRONG_STAGE'],
  bob: ['ALREADY_VOTED', 'WRONG_STAGE'],
  'chair-erin': ['ALREADY_VOTED', 'WRONG_STAGE'],
  carol: ['ALREADY_VOTED', 'RECUSED', 'WRONG_STAGE'],
  dave: ['RECUSED', 'WRONG_STAGE'],
  'adviser-frank': ['FORBIDDEN', 'WRONG_STAGE'],
  'mei-lin': ['OWN_SYSTEM', 'WRONG_STAGE'],
  'rahul-k': ['OWN_SYSTEM', 'WRONG_STAGE'],
  mallory: ['NOT_FOUND'], // no part in the system: refused as if it did not exist, whatever its stage
};

describe('a burst of concurrent votes on one system', () => {
  it('keeps exactly one vote per eligible member, refuses the rest without a trace, and publishes each accepted vote once', async () => {
    const example = parse(readFileSync('examples/credit-scoring.yaml', 'utf8')) as ProposalInput;
    const systemId = uniqueName('concurrent-votes');
    await env.gov.startLifecycle({ ...example, systemId }, { actor: 'mei-lin' });
    await waitForState(env.gov, systemId, (s) => s.review?.round === 1);
    // dave recuses before the burst; carol's recusal races her own votes inside it.
    await env.gov.recuse(systemId, { actor: 'dave', conflict: 'I advised the lending team.' });

    // Five eligible-but-one voters would close the round at the third accepted vote whatever the order (with four
    // eligible, three votes always decide it), so the burst closes it on purpose and the stragglers meet WRONG_STAGE.
    const burst = shuffled<Attempt>([
      ...times(5, { actor: 'alice', kind: 'castVote', vote: 'approve' }),
      ...times(5, { actor: 'bob', kind: 'castVote', vote: 'request_changes' }),
      ...times(5, { actor: 'chair-erin', kind: 'castVote', vote: 'approve' }),
      ...times(3, { actor: 'carol', kind: 'castVote', vote: 'reject' }),
      ...times(2, { actor: 'carol', kind: 'recuse' }),
      ...times(3, { actor: 'dave', kind: 'castVote', vote: 'approve' }),
      { actor: 'dave', kind: 'recuse' },
      ...times(3, { actor: 'adviser-frank', kind: 'castVote', vote: 'approve' }),
      ...times(2, { actor: 'mei-lin', kind: 'castVote', vote: 'approve' }),
      ...times(2, { actor: 'rahul-k', kind: 'castVote', vote: 'approve' }),
      ...times(2, { actor: 'mallory', kind: 'castVote', vote: 'approve' }),
    ]);
    const outcomes = await Promise.all(burst.map((a, i) => send(systemId, a, i)));

    const accepted = outcomes.filter((o) => o.ok);
    const votes = accepted.filter((o) => o.kind === 'castVote');
    const voters = votes.map((o) => o.actor);
    expect(new Set(voters).size).toBe(voters.length);
    expect(voters.length).toBe(3);
    for (const v of voters) expect(['alice', 'bob', 'carol', 'chair-erin']).toContain(v);
    const carolRecused = accepted.some((o) => o.kind === 'recuse' && o.actor === 'carol');
    expect(accepted.filter((o) => o.kind === 'recuse').map((o) => o.actor)).toEqual(carolRecused ? ['carol'] : []);
    if (carolRecused) expect(voters).not.toContain('carol');
    for (const o of outcomes.filter((x) => !x.ok))
      expect(allowedRefusals[o.actor], `${o.actor} ${o.kind}`).toContain(o.code);

    // Two approvals among three votes approve (need 2 distinct, share 0.6); otherwise approval is out of reach.
    const approvals = votes.filter((o) => o.vote === 'approve').length;
    const stage = approvals >= 2 ? 'approved' : 'changes_requested';
    const state = await waitForState(env.gov, systemId, (s) => s.stage === stage);
    expect(state.review).toBeNull();

    // After the close, every vote is refused as WRONG_STAGE.
    const late = await Promise.all(
      ['alice', 'bob', 'carol', 'chair-erin'].map((actor, i) =>
        send(systemId, { actor, kind: 'castVote', vote: 'approve' }, 100 + i),
      ),
    );
    expect(late.map((o) => o.code)).toEqual(['WRONG_STAGE', 'WRONG_STAGE', 'WRONG_STAGE', 'WRONG_STAGE']);

    // The history holds exactly the accepted updates: dave's first recusal, then the burst's winners.
    const history = await acceptedUpdates(env.client, systemId);
    const key = (u: { name: string; actor: string | undefined }) => `${u.name}:${u.actor}`;
    expect(history.map(key).sort()).toEqual(['recuse:dave', ...accepted.map((o) => `${o.kind}:${o.actor}`)].sort());
    expect(history[0]).toEqual({ name: 'recuse', actor: 'dave' });

    // The topic has one vote_cast per accepted vote, in the history's order, gapless and chained.
    const final = await env.gov.getState(systemId);
    const events = await systemEvents(env.topic, systemId, final.sequence);
    expect(events.map((e) => e.sequence)).toEqual(Array.from({ length: final.sequence }, (_, i) => i + 1));
    expect(verifyChain(events, { keys: testEventKeys.trusted })).toMatchObject({ ok: true, problems: [] });
    const cast = events.filter((e) => e.type === 'ai.governance.review.vote_cast.v1');
    expect(cast.map((e) => (e.data as { voter: string }).voter)).toEqual(
      history.filter((u) => u.name === 'castVote').map((u) => u.actor),
    );
    const recusals = events.filter((e) => e.type === 'ai.governance.review.recusal_recorded.v1');
    expect(recusals.map((e) => (e.data as { member: string }).member)).toEqual(
      history.filter((u) => u.name === 'recuse').map((u) => u.actor),
    );
    const closing = shortTypes(events).filter((t) => t === 'system.approved' || t === 'review.changes_requested');
    expect(closing).toEqual([stage === 'approved' ? 'system.approved' : 'review.changes_requested']);
    const tally = (events.find((e) => shortTypes([e])[0] === closing[0])!.data as { tally: Record<string, number> })
      .tally;
    expect(tally).toMatchObject({ approvals, eligible: carolRecused ? 3 : 4, recused: carolRecused ? 2 : 1 });
  });
});
