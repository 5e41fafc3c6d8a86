import { describe, expect, it } from 'vitest';
import { computeIndicators } from '../../../domain/indicators/compute.ts';
import type { SystemFacts } from '../../../domain/indicators/facts.ts';
import type { IndicatorFilter } from '../../../domain/indicators/indicators.ts';
import { buildReport } from '../../../domain/indicators/report.ts';
import { resolveWindow } from '../../../domain/indicators/window.ts';
import { flattenIndicators } from '../../../cli/indicator-views.ts';
import { renderReportHtml } from '../../../client/report-html.ts';
import { SystemStream, t } from './stream.ts';

const all: IndicatorFilter = { sector: null, tier: null, pack: null };

const violation = (s: SystemStream, time: string, kind: string) =>
  s.emit(time, 'decision.violation_detected', {
    kind, decisionId: `d-${time}`, modelVersion: '2.0.0', decidedAt: t(time), period: time.slice(0, 7), peopleAffected: 1,
    declaredScale: 100, stage: 'deployed', approvedVersion: '1.0.0', runningVersion: '1.0.0', detectedBy: 'svc-decision-checker',
  });
const crossed = (s: SystemStream, time: string, rules: string[], reReviewDue: boolean) => {
  s.emit(time, 'decision.oversight_threshold_crossed', {
    period: time.slice(0, 7), figures: {}, breaches: rules.map((rule) => ({ rule, limit: 0.15, actual: 0.3 })), reReviewDue, detectedBy: 'svc-decision-checker',
  });
  return reReviewDue ? s.emit(time, 'review.re_review_due', { purpose: 're_review', cycle: 1, dueAt: t(time), ref: `oversight-${time.slice(0, 7)}` }) : s;
};

// Three systems: a credit model (finance, high, p-a) with two violations in H2 and one in H1; a triage model
// (healthcare, limited, p-b) whose override rate crossed twice in H2, the second time while a review was underway;
// a tutoring model (education, high, p-b) with a violation and a volume crossing in H2.
function fleet(): SystemFacts[] {
  const credit = new SystemStream('credit').propose('2026-01-05', { sector: 'finance', pack: 'p-a' }).assess('2026-01-05T01:00', 'high');
  violation(credit, '2026-05-10', 'unapproved_version');
  violation(credit, '2026-07-02', 'unapproved_version');
  violation(credit, '2026-08-20', 'system_suspended');
  const triage = new SystemStream('triage').propose('2026-02-01', { sector: 'healthcare', pack: 'p-b' }).assess('2026-02-01T01:00', 'limited');
  crossed(triage, '2026-09-30', ['override_rate'], true);
  crossed(triage, '2026-10-31', ['override_rate'], false);
  const tutor = new SystemStream('tutor').propose('2026-03-01', { sector: 'education', pack: 'p-b' }).assess('2026-03-01T01:00', 'high');
  violation(tutor, '2026-11-03', 'beyond_declared_scale');
  crossed(tutor, '2026-11-30', ['override_rate', 'volume_above_scale'], true);
  return [credit.facts, triage.facts, tutor.facts];
}

const h2 = resolveWindow({ period: '2026-H2', asOf: '2026-12-31' }, 0);

describe('the decision-trail indicators of a constructed stream', () => {
  it('count violations by kind, the systems with any, crossings by rule and the re-reviews they made due, in the window', () => {
    expect(computeIndicators(fleet(), h2, all).decisionTrail).toEqual({
      violations: 3,
      violationsByKind: { unapproved_version: 1, system_suspended: 1, beyond_declared_scale: 1 },
      systemsWithViolations: 2,
      oversightCrossings: 3,
      crossingsByRule: { override_rate: 3, volume_above_scale: 1 },
      reReviewsDue: 2,
    });
  });

  it('count the earlier half-year on its own (the H1 violation only)', () => {
    const h1 = computeIndicators(fleet(), resolveWindow({ period: '2026-H1', asOf: '2026-06-30' }, 0), all).decisionTrail;
    expect(h1).toMatchObject({ violations: 1, violationsByKind: { unapproved_version: 1 }, systemsWithViolations: 1, oversightCrossings: 0 });
  });

  it.each([
    ['sector healthcare', { ...all, sector: 'healthcare' }, { violations: 0, oversightCrossings: 2, reReviewsDue: 1 }],
    ['tier high', { ...all, tier: 'high' }, { violations: 3, systemsWithViolations: 2, oversightCrossings: 1, reReviewsDue: 1 }],
    ['pack p-b', { ...all, pack: 'p-b' }, { violations: 1, oversightCrossings: 3, reReviewsDue: 2 }],
  ])('filter by %s', (_name, filter, expected) => {
    expect(computeIndicators(fleet(), h2, filter).decisionTrail).toMatchObject(expected);
  });

  it('see only the findings before "as of"', () => {
    const mid = computeIndicators(fleet(), resolveWindow({ period: '2026-H2', asOf: '2026-10-01' }, 0), all).decisionTrail;
    expect(mid).toMatchObject({ violations: 2, oversightCrossings: 1, reReviewsDue: 1 });
  });

  it('read a facts row folded before findings were kept as having none', () => {
    const old = { ...fleet()[0]! } as Partial<SystemFacts>;
    delete old.decisionFindings;
    expect(computeIndicators([old as SystemFacts], h2, all).decisionTrail).toMatchObject({ violations: 0, oversightCrossings: 0 });
  });
});

describe('the decision-trail indicators in what people read', () => {
  const report = buildReport(fleet(), h2, all, Date.parse('2027-01-02T00:00:00Z'));

  it('are rows of `govflow indicators` (table and CSV)', () => {
    const rows = new Map(flattenIndicators(report.indicators));
    expect(rows.get('decisionTrail.violations')).toBe(3);
    expect(rows.get('decisionTrail.violationsByKind.system_suspended')).toBe(1);
    expect(rows.get('decisionTrail.crossingsByRule.volume_above_scale')).toBe(1);
    expect(rows.get('decisionTrail.reReviewsDue')).toBe(2);
  });

  it('are in the regulator report (`govflow report`)', () => {
    const html = renderReportHtml(report);
    expect(html).toContain('<th scope="row">Decision-trail violations / systems with violations</th><td>3 / 2</td>');
    expect(html).toContain('<th scope="row">Oversight thresholds crossed / re-reviews made due</th><td>3 / 2</td>');
    expect(html).toContain('<th scope="row">beyond_declared_scale</th><td>1</td>');
  });
});
