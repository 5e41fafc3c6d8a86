import { beforeAll, describe, expect, it } from 'vitest';
import type { PolicyPack } from '../../../domain/policy-pack.ts';
import type { Roster } from '../../../domain/roster.ts';
import { step } from '../../../domain/lifecycle/step.ts';
import { Harness, loadTestPolicy, proposals } from './fixtures.ts';

let policy: { pack: PolicyPack; roster: Roster };
beforeAll(async () => {
  policy = await loadTestPolicy();
});

/** A high-tier system approved under the test pack (its algorithm-filing condition is due 20 s after approval). */
const approvedHigh = (dueSoon?: string) => {
  const high = { ...policy.pack.tiers.high, ...(dueSoon ? { conditionDueSoon: dueSoon } : {}) };
  const h = new Harness({ pack: { ...policy.pack, tiers: { ...policy.pack.tiers, high } }, roster: policy.roster }, proposals.high());
  for (const m of ['alice', 'bob', 'carol']) h.vote(m, 'approve');
  return h;
};
const dueSoon = (events: { type: string }[]) => events.filter((e) => e.type === 'condition.due_soon');

describe('a dated condition coming due', () => {
  it("announces condition.due_soon once, the pack's lead time before it falls due, to its owner and proposer", () => {
    const h = approvedHigh('PT5S');
    const dueAt = h.state.conditions.find((c) => c.id === 'algorithm-filing')!.dueAt;
    expect(dueSoon(h.advance(14_999))).toEqual([]);
    expect(h.advance(1)).toEqual([{ type: 'condition.due_soon', data: { conditionId: 'algorithm-filing', dueAt, notified: ['olga', 'pat'] } }]);
    expect(h.state.conditions.find((c) => c.id === 'algorithm-filing')).toMatchObject({ status: 'open', dueSoonSent: true });
    expect(dueSoon(h.advance(4_000))).toEqual([]); // once only
    expect(h.advance(1_000).map((e) => e.type)).toEqual(['condition.overdue']); // then the due date as before
  });

  it('says nothing of a condition met before its lead time, or due at deployment', () => {
    const h = approvedHigh('PT5S');
    h.run({ type: 'satisfyCondition', actor: 'olga', conditionId: 'algorithm-filing', evidence: 'Filed early.' });
    expect(dueSoon(h.advance(30_000))).toEqual([]);
  });

  it('says nothing when the whole window is no longer than the lead (seven days by default): the approval named the date', () => {
    const h = approvedHigh();
    expect(dueSoon(h.advance(20_000))).toEqual([]);
  });

  it('keeps no due-soon timer when the rules turn it off (lifecycles recorded before it existed)', () => {
    const h = approvedHigh('PT5S');
    h.now += 15_000;
    expect(step(h.state, { type: 'tick' }, { now: h.now, dueSoonConditions: false }).events).toEqual([]);
  });
});
