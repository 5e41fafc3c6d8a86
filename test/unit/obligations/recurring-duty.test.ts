import { beforeAll, describe, expect, it } from 'vitest';
import type { PolicyPack } from '../../../domain/policy-pack.ts';
import type { Roster } from '../../../domain/roster.ts';
import { Harness, loadTestPolicy, proposals } from '../lifecycle/fixtures.ts';

const DAY = 86_400_000;
let policy: { pack: PolicyPack; roster: Roster };
beforeAll(async () => {
  policy = await loadTestPolicy();
});

// A recurring duty such as EU AI Act Art. 72 post-market monitoring: met, it falls due again; missed, it is overdue.
describe('a recurring condition of approval (EU AI Act Art. 72 post-market monitoring)', () => {
  const approved = () => {
    const monitoring = { id: 'post-market-monitoring-report', description: 'Monitoring report.', dueBefore: 'P10D', recurs: 'P10D', source: 'EU AI Act Art. 72' };
    const minimal = { ...policy.pack.tiers.minimal, conditions: [monitoring] };
    const h = new Harness({ pack: { ...policy.pack, tiers: { ...policy.pack.tiers, minimal } }, roster: policy.roster }, proposals.minimal());
    h.vote('alice', 'approve');
    return h;
  };
  const monitoring = (h: Harness) => h.state.conditions.find((c) => c.id === 'post-market-monitoring-report')!;

  it('is approved with its period', () => {
    const h = approved();
    expect(monitoring(h)).toMatchObject({ status: 'open', recurs: 'P10D', dueAt: new Date(h.now + 10 * DAY).toISOString() });
  });

  it('met early, it falls due again one period after its due date, and stays open', () => {
    const h = approved();
    const firstDue = Date.parse(monitoring(h).dueAt!);
    h.advance(3 * DAY);
    const [e] = h.run({ type: 'satisfyCondition', actor: 'olga', conditionId: 'post-market-monitoring-report', evidence: 'Report 1.' });
    expect(e).toMatchObject({ type: 'condition.satisfied', data: { nextDueAt: new Date(firstDue + 10 * DAY).toISOString() } });
    expect(monitoring(h)).toMatchObject({ status: 'open', evidence: 'Report 1.', dueAt: new Date(firstDue + 10 * DAY).toISOString() });
  });

  it('every period unmet is overdue again: the timer follows the next due date', () => {
    const h = approved();
    h.advance(5 * DAY);
    h.run({ type: 'satisfyCondition', actor: 'olga', conditionId: 'post-market-monitoring-report', evidence: 'Report 1.' });
    expect(h.advance(10 * DAY).filter((e) => e.type === 'condition.overdue')).toEqual([]);
    const overdue = h.advance(6 * DAY).filter((e) => e.type === 'condition.overdue');
    expect(overdue).toHaveLength(1);
    expect(monitoring(h).status).toBe('overdue');
    // Met late, the next period runs from the fulfilment.
    const [e] = h.run({ type: 'satisfyCondition', actor: 'olga', conditionId: 'post-market-monitoring-report', evidence: 'Report 2.' });
    expect(e).toMatchObject({ data: { nextDueAt: new Date(h.now + 10 * DAY).toISOString() } });
    expect(monitoring(h).status).toBe('open');
  });

  it('a one-off condition is satisfied once and for all', () => {
    const once = { ...policy.pack.tiers.minimal, conditions: [{ id: 'one-off', description: 'Once.', dueBefore: 'P10D' }] };
    const g = new Harness({ pack: { ...policy.pack, tiers: { ...policy.pack.tiers, minimal: once } }, roster: policy.roster }, proposals.minimal());
    g.vote('alice', 'approve');
    const [e] = g.run({ type: 'satisfyCondition', actor: 'olga', conditionId: 'one-off', evidence: 'Done.' });
    expect(e?.data).not.toHaveProperty('nextDueAt');
    expect(g.state.conditions[0]?.status).toBe('satisfied');
  });
});
