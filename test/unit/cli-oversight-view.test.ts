import { describe, expect, it } from 'vitest';
import { hasOversightSignals, oversightText } from '../../cli/oversight-view.ts';
import type { OversightView } from '../../wire/decisions.ts';

const figures = (decisions: number, overridden: number, previousOverrideRate: number | null, trend: 'rising' | 'first_period') => ({
  decisions, reviewed: overridden * 2, overridden, reviewedShare: decisions ? (overridden * 2) / decisions : 0,
  overrideRate: decisions ? overridden / decisions : 0, previousOverrideRate, trend, peopleAffected: decisions,
});
const view: OversightView = {
  systemId: 'credit-scoring',
  periods: [
    { period: '2026-11', figures: figures(40, 2, null, 'first_period') },
    { period: '2026-12', figures: figures(50, 10, 0.05, 'rising') },
  ],
  thresholds: { overrideRateMax: 0.15, minDecisions: 20, volumeAboveScale: true, declaredScale: 1000, retention: 'P6M' },
  findings: [{ kind: 'oversight_threshold', detail: 'override_rate 0.2 > 0.15', outcome: 'recorded', at: '2026-12-20T00:00:00.000Z' }],
};

describe('the oversight signals as `govflow status` and `govflow decisions oversight` print them', () => {
  it('show each month: volume, share reviewed, override rate, the month before and the trend, then the thresholds and findings', () => {
    const text = oversightText(view);
    expect(text).toMatch(/2026-12\s+50\s+40%\s+20%\s+5%\s+rising\s+50/);
    expect(text).toMatch(/2026-11\s+40\s+10%\s+5%\s+—\s+first_period/);
    expect(text).toContain('15% of at least 20 decisions a month');
    expect(text).toMatch(/re-review when people exceed:\s+1000/);
    expect(text).toMatch(/decisions kept:\s+P6M/);
    expect(text).toContain('override_rate 0.2 > 0.15');
  });

  it('are shown only for a system that logs decisions or has findings', () => {
    expect(hasOversightSignals(view)).toBe(true);
    const quiet = { ...view, findings: [], periods: view.periods.map((p) => ({ ...p, figures: figures(0, 0, null, 'first_period') })) };
    expect(hasOversightSignals(quiet)).toBe(false);
    expect(oversightText({ ...quiet, thresholds: null })).not.toContain('decisions kept');
  });
});
