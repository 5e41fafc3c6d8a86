import type { SystemFacts } from '../../../domain/indicators/facts.ts';
import { SystemStream, t } from './stream.ts';

/**
 * A constructed fleet with known answers for 2026-H2 (see indicators.test.ts): five systems proposed by the end of
 * the period and one after it.
 */
export function constructedFleet(): SystemFacts[] {
  return constructedStreams().map((s) => s.facts);
}

/** The fleet's systems as event streams. */
export function constructedStreams(): SystemStream[] {
  // A: high-tier credit model, approved in 72 h with a dated condition never met; a late serious incident suspends it
  // for 408 h, its incident re-review passes its deadline and is escalated, then reinstates it.
  const a = new SystemStream('credit')
    .propose('2026-07-01', { sector: 'finance', pack: 'p-a', name: 'Credit scoring', owner: 'olga' })
    .assess('2026-07-01T00:01', 'high')
    .open('2026-07-01T00:01', 1, 'initial', '2026-07-15', ['alice', 'bob', 'carol'])
    .vote('2026-07-02', 1, 'alice', 'approve')
    .vote('2026-07-03', 1, 'bob', 'approve')
    .vote('2026-07-03T12:00', 1, 'carol', 'approve')
    .approve('2026-07-04', 1, 'initial', '2027-01-04', [{ id: 'bias-audit', dueAt: '2026-09-01' }, { id: 'docs', dueAt: null }])
    .emit('2026-07-05', 'condition.satisfied', { conditionId: 'docs', evidence: 'e', satisfiedBy: 'olga' })
    .emit('2026-07-05T01:00', 'system.deployed', { environment: 'prod', version: '1.0.0', deployer: 'dana', firstTransparencyDueAt: t('2026-10-05') })
    .emit('2026-08-01', 'incident.reported', incident('inc-1', 'minor', '2026-07-30', '2026-08-10', false))
    .emit('2026-09-10', 'incident.reported', incident('inc-2', 'serious', '2026-09-01', '2026-09-05', true))
    .emit('2026-09-10T00:01', 'system.suspended', { reason: 'serious_incident', ref: 'inc-2' })
    .emit('2026-09-10T00:02', 'review.re_review_due', { purpose: 'incident', cycle: 1, dueAt: t('2026-09-10'), ref: 'inc-2' })
    .open('2026-09-10T00:03', 2, 'incident', '2026-09-20', ['alice', 'bob', 'carol'])
    .emit('2026-09-20', 'review.escalated', { round: 2, to: ['carol'], missingVoters: ['alice', 'bob', 'carol'], deadline: t('2026-09-20') })
    .vote('2026-09-25', 2, 'alice', 'approve')
    .vote('2026-09-26', 2, 'bob', 'approve')
    // 408 h (17 days) after the suspension began.
    .emit('2026-09-27T00:01', 'system.reinstated', { round: 2, tally: {}, nextReReviewAt: t('2027-03-27') })
    .emit('2026-10-01', 'report.transparency_submitted', { period: 1, trainingDataSummary: {}, changes: 'c', submittedBy: 'olga', late: false, nextDueAt: t('2027-04-05') });

  // B: limited-tier tutor whose first round passed its deadline with one vote of two.
  const b = new SystemStream('tutor')
    .propose('2026-08-01', { sector: 'education', pack: 'p-a' })
    .assess('2026-08-01T00:01', 'limited')
    .open('2026-08-01T00:01', 1, 'initial', '2026-08-08', ['dan', 'erin'])
    .vote('2026-08-02', 1, 'dan', 'approve');

  // C: a chatbot proposed in 2025; its third transparency report (due 2026-09-04) is outstanding and its re-review
  // round, opened 2026-08-01, passed its deadline undecided.
  const c = new SystemStream('chatbot')
    .propose('2025-03-01', { sector: 'other', pack: 'p-b' })
    .assess('2025-03-01T00:01', 'limited')
    .open('2025-03-01T00:01', 1, 'initial', '2025-03-15', ['alice'])
    .vote('2025-03-02', 1, 'alice', 'approve')
    .approve('2025-03-03', 1, 'initial', '2026-08-01')
    .emit('2025-03-04', 'system.deployed', { environment: 'prod', version: '1.0.0', deployer: 'dana', firstTransparencyDueAt: t('2025-09-04') })
    .emit('2025-09-01', 'report.transparency_submitted', { period: 1, trainingDataSummary: {}, changes: 'c', submittedBy: 'olga', late: false, nextDueAt: t('2026-03-04') })
    .emit('2026-03-10', 'report.transparency_submitted', { period: 2, trainingDataSummary: {}, changes: 'c', submittedBy: 'olga', late: true, nextDueAt: t('2026-09-04') })
    .emit('2026-08-01', 'review.re_review_due', { purpose: 're_review', cycle: 1, dueAt: t('2026-08-01'), ref: null })
    .emit('2026-08-01T00:01', 'risk.assessed', { purpose: 're_review', assessment: { tier: 'limited', policyVersion: 'pack@1' } })
    .open('2026-08-01T00:02', 2, 're_review', '2026-08-15', ['alice'])
    .emit('2026-08-28', 'report.transparency_due', { period: 3, dueAt: t('2026-09-04') });

  // D: prohibited use, rejected at assessment.
  const d = new SystemStream('faceid')
    .propose('2026-10-01', { sector: 'public_services', pack: 'p-a' })
    .assess('2026-10-01T00:01', 'prohibited')
    .emit('2026-10-01T00:02', 'system.rejected', { scope: 'system', reason: 'prohibited_use', round: null, tally: null, prohibitedUses: ['x'] });

  // E: high-tier triage rejected by its committee 96 h after the proposal.
  const e = new SystemStream('triage')
    .propose('2026-11-01', { sector: 'healthcare', pack: 'p-b' })
    .assess('2026-11-01T00:01', 'high')
    .open('2026-11-01T00:01', 1, 'initial', '2026-11-15', ['alice', 'bob'])
    .vote('2026-11-02', 1, 'alice', 'reject')
    .vote('2026-11-03', 1, 'bob', 'reject')
    .emit('2026-11-05', 'system.rejected', { scope: 'system', reason: 'committee', round: 1, tally: {}, prohibitedUses: [] });

  // F: proposed after the period: never counted in it.
  const f = new SystemStream('later').propose('2027-02-01', { sector: 'finance', pack: 'p-a' }).assess('2027-02-01T00:01', 'high');
  return [a, b, c, d, e, f];
}

function incident(id: string, severity: string, causal: string, due: string, suspends: boolean) {
  return { incidentId: id, severity, description: 'd', affectedPeople: 1, causalLinkAt: t(causal), reportedBy: 'olga', reportDueAt: t(due), suspends };
}
