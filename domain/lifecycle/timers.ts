import { addDuration, subtractDuration } from '../durations.ts';
import type { DomainEvent } from './events.ts';
import { evolve } from './evolve.ts';
import { chairsOf, isTerminal } from './state.ts';
import type { TimerRules } from './timer-rules.ts';
import type { LifecycleState } from './state.ts';

/** A moment the workflow must wake at, and the events it produces then. */
interface Timer {
  readonly at: number;
  readonly fire: () => DomainEvent[];
}

const ms = (isoTime: string): number => Date.parse(isoTime);
const iso = (t: number): string => new Date(t).toISOString();

/**
 * Every pending timer of a state. Timers remind, escalate, announce and suspend; none approves, rejects or
 * reinstates anything: those only follow from votes.
 */
function timers(s: LifecycleState, rules: TimerRules): Timer[] {
  if (isTerminal(s)) return [];
  const conditions = rules.overdueConditions === false ? [] : conditionTimers(s);
  const dueSoon = rules.dueSoonConditions === false ? [] : dueSoonTimers(s);
  return [...reviewTimers(s), ...reReviewTimers(s), ...transparencyTimers(s), ...incidentTimers(s), ...conditions, ...dueSoon];
}

function reviewTimers(s: LifecycleState): Timer[] {
  const r = s.review;
  if (!r) return [];
  const missing = (): string[] =>
    r.expectedVoters.filter((v) => !r.votes.some((x) => x.voter === v) && !r.recusals.some((x) => x.member === v));
  const out: Timer[] = [];
  const next = r.reminderTimes[r.remindersSent];
  if (next !== undefined) {
    const index = r.remindersSent;
    out.push({ at: ms(next), fire: () => [{ type: 'review.reminder_sent', data: { round: r.round, index, recipients: missing(), deadline: r.deadline } }] });
  }
  if (!r.escalated) {
    out.push({ at: ms(r.deadline), fire: () => [{ type: 'review.escalated', data: { round: r.round, to: chairsOf(s), missingVoters: missing(), deadline: r.deadline } }] });
  }
  return out;
}

function reReviewTimers(s: LifecycleState): Timer[] {
  const idle = !s.review && !s.pendingAssessment && ['approved', 'deployed', 'suspended'].includes(s.stage);
  if (!idle || !s.nextReReviewAt) return [];
  const dueAt = s.nextReReviewAt;
  return [{ at: ms(dueAt), fire: () => [{ type: 'review.re_review_due', data: { purpose: 're_review', cycle: s.reReviewCycle + 1, dueAt, ref: null } }] }];
}

function transparencyTimers(s: LifecycleState): Timer[] {
  const t = s.transparency;
  const policy = s.assessment?.obligations?.transparencyReport;
  if (!t || !policy) return [];
  const dueAt = ms(t.dueAt);
  switch (t.status) {
    case 'scheduled':
      return [{ at: subtractDuration(dueAt, policy.grace), fire: () => [{ type: 'report.transparency_due', data: { period: t.period, dueAt: t.dueAt } }] }];
    case 'due': {
      const suspendAt = iso(addDuration(dueAt, policy.grace));
      return [{ at: dueAt, fire: () => [{ type: 'report.transparency_overdue', data: { period: t.period, dueAt: t.dueAt, suspendAt, escalatedTo: chairsOf(s) } }] }];
    }
    case 'overdue':
      if (!t.suspendAt || s.suspension) return [];
      return [{ at: ms(t.suspendAt), fire: () => [{ type: 'system.suspended', data: { reason: 'transparency_overdue', ref: `transparency-${t.period}` } }] }];
    case 'lapsed':
      return [];
  }
}

function incidentTimers(s: LifecycleState): Timer[] {
  return s.incidents
    .filter((i) => !i.dueAnnounced)
    .map((i) => ({ at: ms(i.reportDueAt), fire: () => [{ type: 'incident.report_due', data: { incidentId: i.incidentId, severity: i.severity, dueAt: i.reportDueAt } }] }));
}

function conditionTimers(s: LifecycleState): Timer[] {
  const action = s.assessment?.obligations?.onConditionOverdue ?? 'escalate';
  const accountable = [...new Set([s.proposal?.owner, s.proposal?.proposer].filter((x): x is string => !!x))];
  const notified = action === 'remind' ? accountable : chairsOf(s);
  return s.conditions.flatMap(({ id, status, dueAt }) => {
    if (status !== 'open' || dueAt === null) return [];
    const fire = (): DomainEvent[] => {
      const overdue: DomainEvent = { type: 'condition.overdue', data: { conditionId: id, dueAt, action, notified } };
      if (action !== 'suspend' || s.suspension) return [overdue];
      return [overdue, { type: 'system.suspended', data: { reason: 'condition_overdue', ref: id } }];
    };
    return [{ at: ms(dueAt), fire }];
  });
}

/** How long before a dated condition falls due it is announced, when the pack says nothing. */
export const DEFAULT_CONDITION_DUE_SOON = 'P7D';

/**
 * A dated open condition is announced once, the pack's lead time before it falls due. A condition whose whole
 * window is no longer than the lead is not: the approval's own notice already named its date.
 */
function dueSoonTimers(s: LifecycleState): Timer[] {
  const lead = s.assessment?.obligations?.conditionDueSoon ?? DEFAULT_CONDITION_DUE_SOON;
  const notified = [...new Set([s.proposal?.owner, s.proposal?.proposer].filter((x): x is string => !!x))];
  return s.conditions.flatMap(({ id, status, dueAt, dueBefore, dueSoonSent }) => {
    if (status !== 'open' || dueAt === null || dueSoonSent || dueBefore === 'deployment') return [];
    const due = ms(dueAt);
    const at = subtractDuration(due, lead);
    if (at <= subtractDuration(due, dueBefore)) return [];
    return [{ at, fire: (): DomainEvent[] => [{ type: 'condition.due_soon', data: { conditionId: id, dueAt, notified } }] }];
  });
}

/** The earliest instant (epoch ms) at which `tick` has something to do, or null when nothing is scheduled. */
export function nextWakeup(s: LifecycleState, rules: TimerRules = {}): number | null {
  const all = timers(s, rules).map((t) => t.at);
  return all.length === 0 ? null : Math.min(...all);
}

/** The events of every timer due at `now`, earliest first, each seen by the state the ones before it made. */
export function tickEvents(s: LifecycleState, now: number, rules: TimerRules = {}): DomainEvent[] {
  const out: DomainEvent[] = [];
  let state = s;
  // Bounded: each firing changes the state so that its timer is gone or moved later.
  for (let i = 0; i < 100; i += 1) {
    const due = timers(state, rules).filter((t) => t.at <= now).sort((a, b) => a.at - b.at)[0];
    if (!due) break;
    const events = due.fire();
    out.push(...events);
    state = events.reduce((acc, e) => evolve(acc, e), state);
  }
  return out;
}
