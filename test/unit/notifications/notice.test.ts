import { describe, expect, it } from 'vitest';
import type { DomainEvent } from '../../../domain/lifecycle/events.ts';
import { evolveFacts, noticeOf, type SystemFacts } from '../../../consumer/notifications/notice.ts';

const facts: SystemFacts = { systemId: 'credit-scoring', name: 'Credit scoring', owner: 'olga', proposer: 'pat', chairs: ['chair-erin'] };
const deadline = '2026-12-02T10:00:00.000Z';

const opened: DomainEvent = {
  type: 'review.opened',
  data: {
    round: 1, purpose: 'initial', committee: 'test-committee',
    members: [{ id: 'alice', roles: ['member'] }, { id: 'bob', roles: ['member'] }, { id: 'chair-erin', roles: ['chair'] }, { id: 'adviser-frank', roles: ['adviser'] }],
    expectedVoters: ['bob', 'alice', 'chair-erin'], minVotes: 2, approvalShare: 0.5, minDistinctApprovers: 1,
    opensAt: '2026-12-02T09:00:00.000Z', deadline, reminderTimes: ['2026-12-02T09:30:00.000Z'], urgent: false,
  },
};

describe('who is told of what', () => {
  it.each<[string, DomainEvent, string, string[]]>([
    ['a review opened tells the expected voters, not the adviser', opened, 'review_opened', ['alice', 'bob', 'chair-erin']],
    ['a reminder tells those still to vote', { type: 'review.reminder_sent', data: { round: 1, index: 0, recipients: ['bob'], deadline } }, 'review_reminder', ['bob']],
    ['an escalation tells the chairs it went to', { type: 'review.escalated', data: { round: 1, to: ['chair-erin'], missingVoters: ['bob'], deadline } }, 'review_escalated', ['chair-erin']],
    ['a condition coming due tells the owner and the proposer', { type: 'condition.due_soon', data: { conditionId: 'filing', dueAt: deadline, notified: ['olga', 'mei-lin'] } }, 'condition_due_soon', ['mei-lin', 'olga']],
    ['an overdue condition tells the owner and whom the pack notified', { type: 'condition.overdue', data: { conditionId: 'filing', dueAt: deadline, action: 'escalate', notified: ['chair-erin'] } }, 'condition_overdue', ['chair-erin', 'olga']],
    ['a reported incident tells the owner, the reporter and the chairs', { type: 'incident.reported', data: { incidentId: 'inc-1', severity: 'serious', description: 'x', affectedPeople: 3, causalLinkAt: deadline, reportedBy: 'mei-lin', reportDueAt: deadline, suspends: true } }, 'incident_reported', ['chair-erin', 'mei-lin', 'olga']],
    ['an incident deadline tells the owner and the chairs', { type: 'incident.report_due', data: { incidentId: 'inc-1', severity: 'serious', dueAt: deadline } }, 'incident_report_due', ['chair-erin', 'olga']],
    ['a transparency report due tells the owner', { type: 'report.transparency_due', data: { period: 1, dueAt: deadline } }, 'transparency_due', ['olga']],
  ])('%s', (_name, event, kind, recipients) => {
    const n = noticeOf('credit-scoring:7', 'credit-scoring', event, facts);
    expect(n).toMatchObject({ kind, recipients, eventId: 'credit-scoring:7', systemName: 'Credit scoring', path: '/console/systems/credit-scoring' });
  });

  it('an approval with dated conditions tells the owner of each, with the earliest due date', () => {
    const n = noticeOf('s:9', 's', {
      type: 'system.approved',
      data: {
        round: 1, purpose: 'initial', tally: { approvals: 3, rejections: 0, changeRequests: 0, eligible: 5, recused: 0 }, version: '1', nextReReviewAt: deadline,
        conditions: [
          { id: 'bias-audit', description: 'Audit.', dueBefore: 'deployment', dueAt: null },
          { id: 'filing', description: 'File it.', dueBefore: 'PT20S', dueAt: '2026-12-03T00:00:00.000Z' },
          { id: 'notice', description: 'Tell users.', dueBefore: 'PT10S', dueAt: '2026-12-02T12:00:00.000Z' },
        ],
      },
    }, facts);
    expect(n).toMatchObject({ kind: 'condition_due', recipients: ['olga'], dueAt: '2026-12-02T12:00:00.000Z' });
    expect(n?.conditions.map((c) => c.id)).toEqual(['filing', 'notice']);
  });

  it('events nobody acts on outside the console, and approvals without dated conditions, give no notice', () => {
    expect(noticeOf('s:2', 's', { type: 'review.vote_cast', data: { round: 1, voter: 'alice', vote: 'approve', rationale: 'ok' } }, facts)).toBeNull();
    expect(noticeOf('s:3', 's', { type: 'system.approved', data: { round: 1, purpose: 'initial', tally: { approvals: 1, rejections: 0, changeRequests: 0, eligible: 1, recused: 0 }, conditions: [], version: null, nextReReviewAt: deadline } }, facts)).toBeNull();
  });

  it('an event that names nobody who can be told (no owner known, nobody notified) gives no notice', () => {
    const n = noticeOf('s:4', 's', { type: 'condition.overdue', data: { conditionId: 'c', dueAt: deadline, action: 'remind', notified: [] } }, undefined);
    expect(n).toBeNull();
  });

  it('facts follow the proposal and the chairs of the latest round', () => {
    const f = evolveFacts(undefined, 's', opened);
    expect(f).toEqual({ systemId: 's', name: null, owner: null, proposer: null, chairs: ['chair-erin'] });
    expect(noticeOf('s:1', 's', opened, undefined)?.systemName).toBe('s');
  });
});
