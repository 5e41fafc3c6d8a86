import { describe, expect, it } from 'vitest';
import { buildReport } from '../../../domain/indicators/report.ts';
import { resolveWindow } from '../../../domain/indicators/window.ts';
import { constructedFleet } from './fleet.ts';

const report = buildReport(constructedFleet(), resolveWindow({ period: '2026-H2', asOf: '2026-12-31' }, 0), { sector: null, tier: null, pack: null }, Date.parse('2027-01-02T00:00:00Z'));

describe('the regulator report of the constructed fleet', () => {
  it('registers the high-tier systems proposed by the end of the period, not the later one', () => {
    expect(report.title).toBe('AI governance compliance report, 2026-H2');
    expect(report.register.map((e) => e.systemId)).toEqual(['credit', 'triage']);
    expect(report.indicators.systems.total).toBe(5);
  });

  it("lists each approval with who and when, the conditions' status, incidents and re-reviews", () => {
    const credit = report.register[0]!;
    expect(credit.approvals).toEqual([
      { at: '2026-07-04T00:00:00.000Z', round: 1, purpose: 'initial', version: '1.0.0', approvers: ['alice', 'bob', 'carol'] },
      { at: '2026-09-27T00:01:00.000Z', round: 2, purpose: 'reinstatement', version: null, approvers: ['alice', 'bob'] },
    ]);
    expect(credit.conditions.map((c) => [c.id, c.status])).toEqual([['bias-audit', 'overdue'], ['docs', 'met']]);
    expect(credit.incidents.map((i) => [i.id, i.severity, i.withinDeadline])).toEqual([['inc-1', 'minor', true], ['inc-2', 'serious', false]]);
    expect(credit.reReviews).toEqual([{ cycle: 1, purpose: 'incident', dueAt: '2026-09-10T00:00:00.000Z', decidedAt: '2026-09-27T00:01:00.000Z', outcome: 'reinstated' }]);
    expect(credit.stage).toBe('deployed');
  });

  it("carries each system's chain head with the head event's signature and key id", () => {
    const triage = report.register[1]!;
    expect(triage.head).toEqual({ sequence: 6, hash: '6'.padStart(64, '0'), sig: 'sig-6', sigkid: 'k1', time: '2026-11-05T00:00:00.000Z' });
    expect(triage.stage).toBe('rejected');
  });
});
