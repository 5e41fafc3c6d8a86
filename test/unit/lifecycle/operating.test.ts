import { beforeAll, describe, expect, it } from 'vitest';
import { DomainError } from '../../../domain/errors.ts';
import type { PolicyPack } from '../../../domain/policy-pack.ts';
import type { Roster } from '../../../domain/roster.ts';
import { Harness, loadTestPolicy, proposals } from './fixtures.ts';

let policy: { pack: PolicyPack; roster: Roster };
beforeAll(async () => {
  policy = await loadTestPolicy();
});

const summary = {
  general: { modelName: 'm', modelVersion: '1', modalities: ['text' as const], size: '1B', dataCutoff: '2025-01-01' },
  sources: { public: true, licensed: false, user: false, synthetic: false, webTopDomains: [] },
  processing: { copyrightOptOutsHonoured: true, illegalContentRemoved: true },
};

function deployed(kind: 'minimal' | 'generative' = 'minimal'): Harness {
  const h = new Harness(policy, proposals[kind]());
  h.vote('alice', 'approve');
  if (kind === 'generative') {
    h.vote('bob', 'approve');
    h.run({ type: 'satisfyCondition', actor: 'olga', conditionId: 'training-data-summary', evidence: 'published' });
  }
  h.run({ type: 'recordDeployment', actor: 'olga', environment: 'prod', version: '1.0.0' });
  return h;
}

function reReview(h: Harness): void {
  const types = h.advance(30_000).map((e) => e.type);
  expect(types).toContain('review.re_review_due');
  h.assess();
  expect(h.state.review?.purpose).toBe('re_review');
}

describe('operating life', () => {
  it.each([
    ['approve', 'deployed', 'system.approved'],
    ['request_changes', 'suspended', 'system.suspended'],
    ['reject', 'retired', 'system.retired'],
  ] as const)('a re-review that votes %s leaves the system %s', (vote, stage, last) => {
    const h = deployed();
    reReview(h);
    // With one vote needed and five eligible, changes requested block approval only once three members ask.
    const voters = vote === 'request_changes' ? ['bob', 'carol', 'dave'] : ['bob'];
    const events = voters.flatMap((m) => h.vote(m, vote));
    expect(events.at(-1)?.type).toBe(last);
    expect(h.state.stage).toBe(stage);
  });

  it('reinstates a suspended system only through an approving review', () => {
    const h = deployed();
    h.run({ type: 'reportIncident', actor: 'olga', severity: 'serious', description: 'harm', affectedPeople: 3, causalLinkAt: new Date(h.now).toISOString() });
    expect(h.state.stage).toBe('suspended');
    h.assess();
    expect(h.state.review).toMatchObject({ purpose: 'incident', urgent: true });
    expect(h.advance(60_000).map((e) => e.type)).toEqual(['review.reminder_sent', 'incident.report_due', 'review.escalated']);
    expect(h.state.stage).toBe('in_review');
    expect(h.state.suspension).not.toBeNull();
    expect(h.vote('carol', 'approve').map((e) => e.type)).toEqual(['review.vote_cast', 'system.reinstated']);
    expect(h.state).toMatchObject({ stage: 'deployed', suspension: null });
  });

  it('does not suspend on a minor incident, but announces its reporting deadline', () => {
    const h = deployed();
    const at = new Date(h.now).toISOString();
    expect(h.run({ type: 'reportIncident', actor: 'alice', severity: 'minor', description: 'typo', affectedPeople: 0, causalLinkAt: at }).map((e) => e.type)).toEqual(['incident.reported']);
    expect(h.advance(15_000).map((e) => e.type)).toEqual(['incident.report_due']);
    expect(h.state.stage).toBe('deployed');
  });

  it('keeps the running version when a modification is rejected', () => {
    const h = deployed();
    h.run({ type: 'requestModification', actor: 'olga', version: '2.0.0', description: 'new model', changes: {} });
    h.assess();
    expect(h.state).toMatchObject({ stage: 'in_review', running: { version: '1.0.0' } });
    h.vote('alice', 'reject');
    expect(h.state).toMatchObject({ stage: 'deployed', running: { version: '1.0.0' }, approvedVersion: '1.0.0', pendingModification: null });
    expect(h.state.proposal?.model.version).toBe('1.0.0');
  });

  it('announces a transparency report a grace period ahead, escalates it when overdue and suspends after the grace', () => {
    const h = deployed('generative');
    expect(h.state.transparency).toMatchObject({ period: 1, status: 'scheduled' });
    // The periodic re-review (every 30 s in the test pack) runs alongside; only the report events matter here.
    const reportEvents = (ms: number) => h.advance(ms).map((e) => e.type).filter((t) => t.startsWith('report.') || t === 'system.suspended');
    expect(reportEvents(10_000)).toEqual(['report.transparency_due']);
    const submitted = h.run({ type: 'submitTransparencyReport', actor: 'olga', trainingDataSummary: summary, changes: 'first' });
    expect(submitted[0]).toMatchObject({ data: { period: 1, late: false } });
    expect(reportEvents(20_000)).toEqual(['report.transparency_due']);
    expect(reportEvents(10_000)).toEqual(['report.transparency_overdue']);
    expect(reportEvents(10_000)).toEqual(['system.suspended']);
    expect(h.state.suspension).toMatchObject({ reason: 'transparency_overdue' });
  });

  it.each([
    ['the owner', 'olga', 'owner'],
    ['the chair', 'chair-erin', 'chair'],
  ])('lets %s retire the system', (_who, actor, by) => {
    const h = deployed();
    expect(h.run({ type: 'retire', actor, reason: 'done' })[0]).toMatchObject({ data: { by } });
    expect(h.state.stage).toBe('retired');
  });

  it('refuses retirement by anyone else, and any update after retirement', () => {
    const h = deployed();
    expect(() => h.run({ type: 'retire', actor: 'alice', reason: 'x' })).toThrow(DomainError);
    h.run({ type: 'retire', actor: 'olga', reason: 'done' });
    expect(() => h.run({ type: 'retire', actor: 'olga', reason: 'again' })).toThrow(/retired/);
    expect(h.run({ type: 'tick' })).toEqual([]);
  });
});
