import { describe, expect, it } from 'vitest';
import { computeIndicators } from '../../../domain/indicators/compute.ts';
import type { IndicatorFilter } from '../../../domain/indicators/indicators.ts';
import { resolveWindow } from '../../../domain/indicators/window.ts';
import { constructedFleet } from './fleet.ts';

const all: IndicatorFilter = { sector: null, tier: null, pack: null };
const fleet = constructedFleet();
const h2 = resolveWindow({ period: '2026-H2', asOf: '2026-12-31' }, 0);
const ind = computeIndicators(fleet, h2, all);

describe('the compliance indicators of a constructed fleet over 2026-H2, as of 2026-12-31', () => {
  it('report their window', () => {
    expect(ind.window).toEqual({ label: '2026-H2', from: '2026-07-01T00:00:00.000Z', to: '2027-01-01T00:00:00.000Z', asOf: '2026-12-31T00:00:00.000Z' });
  });

  it('count systems proposed by then by stage, tier, sector and pack (the one proposed later is not counted)', () => {
    expect(ind.systems).toEqual({
      total: 5,
      byStage: { deployed: 1, in_review: 2, rejected: 2 },
      byTier: { high: 2, limited: 2, prohibited: 1 },
      bySector: { finance: 1, education: 1, other: 1, public_services: 1, healthcare: 1 },
      byPack: { 'p-a': 3, 'p-b': 2 },
    });
  });

  it('time first decisions in the period (72 h and 96 h), prohibited rejections counted but not timed', () => {
    expect(ind.decisions).toEqual({ count: 3, approved: 1, rejected: 1, prohibited: 1, hoursToDecision: { p50: 72, p90: 96 } });
  });

  it('count rounds opened, rounds past their deadline undecided, and escalations', () => {
    expect(ind.reviews).toEqual({ opened: 5, pastDeadline: 3, escalations: 1 });
  });

  it('count re-reviews due, decided, and overdue (past the round deadline, undecided)', () => {
    expect(ind.reReviews).toEqual({ due: 2, decided: 1, overdue: 1 });
  });

  it('count dated conditions due, met on time, and open past due', () => {
    expect(ind.conditions).toEqual({ dueInPeriod: 1, metOnTime: 0, openPastDue: 1 });
  });

  it('count incidents by severity and the share reported within the deadline', () => {
    expect(ind.incidents).toEqual({ total: 2, bySeverity: { minor: 1, serious: 1 }, withinDeadline: 1, shareWithinDeadline: 0.5 });
  });

  it('count transparency reports due in the period: on time, late, outstanding', () => {
    expect(ind.transparency).toEqual({ due: 2, onTime: 1, late: 0, outstanding: 1, shareOnTime: 0.5 });
  });

  it('count suspensions with their reason and duration', () => {
    expect(ind.suspensions).toEqual({ started: 1, byReason: { serious_incident: 1 }, ended: 1, ongoing: 0, hours: { p50: 408, max: 408 } });
  });

  it('count the rounds waiting for each member', () => {
    expect(ind.committee).toEqual({ openRounds: 2, waiting: [{ member: 'alice', rounds: 1 }, { member: 'erin', rounds: 1 }] });
  });
});

describe('as of an earlier instant', () => {
  const mid = computeIndicators(fleet, resolveWindow({ period: '2026-H2', asOf: '2026-09-15T00:01:00Z' }, 0), all);

  it('sees only what happened before it: the suspended credit model in its incident review, two later systems not yet proposed', () => {
    expect(mid.systems.total).toBe(3);
    expect(mid.systems.byStage).toEqual({ in_review: 3 });
  });

  it('measures an ongoing suspension up to the instant (120 h) and counts who the open rounds wait for', () => {
    expect(mid.suspensions).toMatchObject({ started: 1, ended: 0, ongoing: 1, hours: { p50: 120, max: 120 } });
    expect(mid.committee.waiting).toEqual([
      { member: 'alice', rounds: 2 },
      { member: 'bob', rounds: 1 },
      { member: 'carol', rounds: 1 },
      { member: 'erin', rounds: 1 },
    ]);
    expect(mid.conditions.openPastDue).toBe(1);
    expect(mid.transparency).toMatchObject({ due: 1, outstanding: 1 });
  });
});

describe('filters', () => {
  it.each<[string, Partial<IndicatorFilter>, number, string[]]>([
    ['sector finance', { sector: 'finance' }, 1, ['deployed']],
    ['tier high', { tier: 'high' }, 2, ['deployed', 'rejected']],
    ['pack p-b', { pack: 'p-b' }, 2, ['in_review', 'rejected']],
    ['sector and pack that never meet', { sector: 'finance', pack: 'p-b' }, 0, []],
  ])('%s', (_name, filter, total, stages) => {
    const r = computeIndicators(fleet, h2, { ...all, ...filter });
    expect(r.systems.total).toBe(total);
    expect(Object.keys(r.systems.byStage).sort()).toEqual(stages);
    expect(r.filter).toEqual({ ...all, ...filter });
  });

  it('narrow every figure, not only the system counts', () => {
    const r = computeIndicators(fleet, h2, { ...all, pack: 'p-b' });
    expect(r.decisions).toMatchObject({ count: 1, rejected: 1, hoursToDecision: { p50: 96, p90: 96 } });
    expect(r.incidents.total).toBe(0);
    expect(r.incidents.shareWithinDeadline).toBeNull();
    expect(r.transparency).toMatchObject({ due: 1, outstanding: 1, shareOnTime: 0 });
  });
});

describe('another period', () => {
  it('2026-H1 sees the chatbot alone, its second transparency report late and its re-review not yet due', () => {
    const r = computeIndicators(fleet, resolveWindow({ period: '2026-H1' }, Date.parse('2026-12-31T00:00:00Z')), all);
    expect(r.window.asOf).toBe('2026-07-01T00:00:00.000Z');
    expect(r.systems).toMatchObject({ total: 1, byStage: { deployed: 1 } });
    expect(r.transparency).toEqual({ due: 1, onTime: 0, late: 1, outstanding: 0, shareOnTime: 0 });
    expect(r.reReviews).toEqual({ due: 0, decided: 0, overdue: 0 });
    expect(r.decisions.count).toBe(0);
  });
});
