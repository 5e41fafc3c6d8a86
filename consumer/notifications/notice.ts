import { z } from 'zod';
import type { DomainEvent } from '../../domain/lifecycle/events.ts';

/** What a notification is about: the moments in a lifecycle when someone outside the console must act. */
export const NoticeKind = z.enum([
  'review_opened',
  'review_reminder',
  'review_escalated',
  'condition_due',
  'condition_due_soon',
  'condition_overdue',
  'incident_reported',
  'incident_report_due',
  'transparency_due',
  'transparency_overdue',
]);
export type NoticeKind = z.infer<typeof NoticeKind>;

/** What the notifier remembers of a system between events: its name and the people it answers to. */
export const SystemFacts = z.object({
  systemId: z.string(),
  name: z.string().nullable(),
  owner: z.string().nullable(),
  proposer: z.string().nullable(),
  chairs: z.array(z.string()),
});
export type SystemFacts = z.infer<typeof SystemFacts>;

/** One notification: the event it comes from, who must hear of it, and the facts the message states. */
export const Notice = z.object({
  eventId: z.string(),
  kind: NoticeKind,
  systemId: z.string(),
  systemName: z.string(),
  recipients: z.array(z.string()),
  /** When the person must act by (a deadline or due instant), if the event names one. */
  dueAt: z.string().nullable(),
  round: z.number().int().nullable(),
  urgent: z.boolean(),
  /** Conditions (approval) or the condition (overdue) concerned. */
  conditions: z.array(z.object({ id: z.string(), description: z.string().nullable(), dueAt: z.string().nullable() })),
  incident: z.object({ id: z.string(), severity: z.string() }).nullable(),
  /** The console page to open, relative to the public URL. */
  path: z.string(),
});
export type Notice = z.infer<typeof Notice>;

/** The facts after one event: a proposal (or its amendment) names the owner, a round names the chairs. */
export function evolveFacts(facts: SystemFacts | undefined, systemId: string, event: DomainEvent): SystemFacts {
  const f = facts ?? { systemId, name: null, owner: null, proposer: null, chairs: [] };
  switch (event.type) {
    case 'system.proposed':
    case 'system.amended':
    case 'system.modification_requested': {
      const p = event.data.proposal;
      return { ...f, name: p.name, owner: p.owner, proposer: p.proposer };
    }
    case 'review.opened':
      return { ...f, chairs: event.data.members.filter((m) => m.roles.includes('chair')).map((m) => m.id) };
    default:
      return f;
  }
}

const unique = (ids: readonly (string | null | undefined)[]): string[] =>
  [...new Set(ids.filter((id): id is string => typeof id === 'string' && id.length > 0))].sort();

/** A notice before its recipients are cleaned: some may be unknown (no owner on record yet). */
type Draft = Pick<Notice, 'kind'> & { recipients: readonly (string | null)[] } & Partial<Omit<Notice, 'kind' | 'recipients'>>;

/** The draft notice of an event (kind, people, facts), or null for an event nobody is told of outside the console. */
function draftOf(event: DomainEvent, f: SystemFacts): Draft | null {
  switch (event.type) {
    case 'review.opened':
      return { kind: 'review_opened', recipients: event.data.expectedVoters, dueAt: event.data.deadline, round: event.data.round, urgent: event.data.urgent };
    case 'review.reminder_sent':
      return { kind: 'review_reminder', recipients: event.data.recipients, dueAt: event.data.deadline, round: event.data.round };
    case 'review.escalated':
      return { kind: 'review_escalated', recipients: event.data.to, dueAt: event.data.deadline, round: event.data.round, urgent: true };
    case 'system.approved': {
      // A condition with a due date starts its clock at approval: the owner hears of it then, with the date.
      const dated = event.data.conditions.filter((c) => c.dueAt !== null);
      if (dated.length === 0) return null;
      const conditions = dated.map((c) => ({ id: c.id, description: c.description, dueAt: c.dueAt }));
      const first = dated.map((c) => c.dueAt!).sort()[0] ?? null;
      return { kind: 'condition_due', recipients: [f.owner], dueAt: first, conditions };
    }
    case 'condition.due_soon': {
      const conditions = [{ id: event.data.conditionId, description: null, dueAt: event.data.dueAt }];
      return { kind: 'condition_due_soon', recipients: [f.owner, ...event.data.notified], dueAt: event.data.dueAt, conditions };
    }
    case 'condition.overdue': {
      const conditions = [{ id: event.data.conditionId, description: null, dueAt: event.data.dueAt }];
      return { kind: 'condition_overdue', recipients: [f.owner, ...event.data.notified], dueAt: event.data.dueAt, conditions, urgent: true };
    }
    case 'incident.reported': {
      const incident = { id: event.data.incidentId, severity: event.data.severity };
      const people = [f.owner, event.data.reportedBy, ...f.chairs];
      return { kind: 'incident_reported', recipients: people, dueAt: event.data.reportDueAt, incident, urgent: event.data.suspends };
    }
    case 'incident.report_due': {
      const incident = { id: event.data.incidentId, severity: event.data.severity };
      return { kind: 'incident_report_due', recipients: [f.owner, ...f.chairs], dueAt: event.data.dueAt, incident, urgent: true };
    }
    case 'report.transparency_due':
      return { kind: 'transparency_due', recipients: [f.owner], dueAt: event.data.dueAt };
    case 'report.transparency_overdue':
      return { kind: 'transparency_overdue', recipients: [f.owner, ...event.data.escalatedTo], dueAt: event.data.dueAt, urgent: true };
    default:
      return null;
  }
}

/**
 * The notice of one verified event, given what is known of its system before it; null when the event concerns
 * nobody outside the console, or names nobody who can be told.
 */
export function noticeOf(eventId: string, systemId: string, event: DomainEvent, facts: SystemFacts | undefined): Notice | null {
  const f = evolveFacts(facts, systemId, event);
  const draft = draftOf(event, f);
  if (!draft) return null;
  const recipients = unique(draft.recipients);
  if (recipients.length === 0) return null;
  return {
    eventId,
    systemId,
    systemName: f.name ?? systemId,
    dueAt: null,
    round: null,
    urgent: false,
    conditions: [],
    incident: null,
    ...draft,
    recipients,
    path: `/console/systems/${encodeURIComponent(systemId)}`,
  };
}
