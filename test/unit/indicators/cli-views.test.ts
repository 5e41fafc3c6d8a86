import { describe, expect, it } from 'vitest';
import { flattenIndicators, indicatorsCsv, indicatorsTable } from '../../../cli/indicator-views.ts';
import { computeIndicators } from '../../../domain/indicators/compute.ts';
import { resolveWindow } from '../../../domain/indicators/window.ts';
import { constructedFleet } from './fleet.ts';

const ind = computeIndicators(constructedFleet(), resolveWindow({ period: '2026-H2', asOf: '2026-12-31' }, 0), { sector: null, tier: null, pack: null });

describe('the CLI renderings of the indicators', () => {
  it('flatten every figure to a dotted name, one row per member of the committee load', () => {
    const rows = new Map(flattenIndicators(ind));
    expect(rows.get('systems.byStage.in_review')).toBe(2);
    expect(rows.get('decisions.hoursToDecision.p90')).toBe(96);
    expect(rows.get('committee.waiting.erin')).toBe(1);
    expect(rows.get('filter.sector')).toBeNull();
  });

  it('export CSV with a header and quote nothing a spreadsheet would misread', () => {
    const lines = indicatorsCsv(ind).trim().split('\n');
    expect(lines[0]).toBe('indicator,value');
    expect(lines).toContain('incidents.shareWithinDeadline,0.5');
    expect(lines).toContain('filter.pack,');
  });

  it('print an aligned table', () => {
    expect(indicatorsTable(ind)).toMatch(/^INDICATOR +VALUE\n/);
  });
});
