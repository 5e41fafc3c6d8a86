import { dutiesUpcomingOn, type RiskAssessment } from '../assess-risk.ts';
import { addDuration } from '../durations.ts';
import { ErrorCode } from '../errors.ts';
import type { Proposal } from '../proposal.ts';
import type { Roster } from '../roster.ts';
import type { UpdateInput, UpdateName } from './commands.ts';
import type { DomainEvent } from './events.ts';
import type { Role } from '../identity.ts';
import { actorOf, refuse, requireLive, requireMay, requireRoundMember, requireStage } from './guards.ts';
import { assessedEvents, closingEvents, foldAll } from './review-round.ts';
import { nextOccurrence } from './recurring-condition.ts';
import type { LifecycleState } from './state.ts';
import { decisionViolation, oversightReview } from './decide-decisions.ts';
import { incident, transparencyReport } from './decide-reports.ts';
import type { TimerRules } from './timer-rules.ts';
import { tickEvents } from './timers.ts';
import { packsWithVersion, recordPolicyVersion, type RecordPolicyVersion } from './decide-policy.ts';
import { checkDerogationAcceptance, recordDerogationAcceptance, type RecordDerogationAcceptance } from './decide-derogation.ts';

/** What decide needs from the outside world: the time, given by the workflow clock, and which timers to keep. */
export interface DecideContext extends TimerRules {
  readonly now: number;
  /**
   * Record the conflict of a committee member who proposed or owns the system as a recusal when a round opens.
   * The workflow sets it behind a patch; runs recorded before it left such members out silently.
   */
  readonly recordConflicts?: boolean;
  /**
   * A deployment before a duty's `appliesFrom` lists the duty as upcoming instead of waiting for it. Defaults to on;
   * the workflow turns it off behind a patch for runs recorded before, whose deployments it must decide as they were.
   */
  readonly upcomingDuties?: boolean;
}

/** A command: an update (named as its update) or one of the workflow's own steps. */
export type Command =
  | { [N in UpdateName]: { type: N } & UpdateInput<N> }[UpdateName]
  | { type: 'propose'; proposal: Proposal; policyPack: string; policyPacks?: readonly string[]; actor: string; roles?: readonly Role[] }
  | { type: 'recordAssessment'; assessment: RiskAssessment; roster: Roster }
  | ({ type: 'recordPolicyVersion' } & RecordPolicyVersion)
  | ({ type: 'recordDerogationAcceptance' } & RecordDerogationAcceptance)
  | { type: 'tick' };

type Of<T extends Command['type']> = Extract<Command, { type: T }>;
const iso = (t: number): string => new Date(t).toISOString();

/**
 * Decides what a command means for a lifecycle: the events to record, or a DomainError refusal with a stable
 * code. Pure: the state is never changed here (evolve does that), so validators can run it as a dry run.
 */
export function decide(s: LifecycleState, c: Command, ctx: DecideContext): DomainEvent[] {
  switch (c.type) {
    case 'propose':
      requireMay(s, actorOf(c), 'propose');
      if (s.sequence > 0) refuse(ErrorCode.conflict, `system ${s.systemId} was already proposed`);
      return [{ type: 'system.proposed', data: {
        proposal: c.proposal, policyPack: c.policyPack, ...(c.policyPacks ? { policyPacks: [...c.policyPacks] } : {}),
        proposedBy: c.actor, proposedAt: iso(ctx.now),
      } }];
    case 'recordAssessment':
      return assessedEvents(s, c.assessment, c.roster, ctx.now, ctx.recordConflicts ?? false);
    case 'tick':
      return tickEvents(s, ctx.now, ctx);
    case 'castVote': {
      const round = requireRoundMember(s, actorOf(c), 'castVote');
      const vote: DomainEvent = { type: 'review.vote_cast', data: { round: round.round, voter: c.actor, vote: c.vote, rationale: c.rationale } };
      return [vote, ...closingEvents(foldAll(s, [vote]), ctx.now)];
    }
    case 'recuse': {
      const round = requireRoundMember(s, actorOf(c), 'recuse');
      const recusal: DomainEvent = { type: 'review.recusal_recorded', data: { round: round.round, member: c.actor, conflict: c.conflict } };
      return [recusal, ...closingEvents(foldAll(s, [recusal]), ctx.now)];
    }
    case 'amendProposal':
      return amend(s, c);
    case 'satisfyCondition':
      return satisfy(s, c, ctx);
    case 'recordDeployment':
      return deploy(s, c, ctx);
    case 'reportIncident':
      return incident(s, c, ctx.now);
    case 'submitTransparencyReport':
      return transparencyReport(s, c, ctx.now);
    case 'requestModification':
      return modification(s, c);
    case 'retire':
      return retire(s, c);
    case 'retryStaffing':
      return retryStaffing(s, c);
    case 'rotateCommandKeys':
      return rotateCommandKeys(s, c);
    case 'recordDecisionViolation':
      return decisionViolation(s, c);
    case 'recordOversightReview':
      return oversightReview(s, c, ctx.now);
    case 'applyPolicyVersion':
      // The update only asks: the workflow assesses under the version, then records it as recordPolicyVersion.
      packsWithVersion(s, c);
      return [];
    case 'recordPolicyVersion':
      return recordPolicyVersion(s, c, ctx.now);
    case 'acceptDerogation':
      // The update only asks: the workflow re-assesses with the claim accepted, then records recordDerogationAcceptance.
      checkDerogationAcceptance(s, c);
      return [];
    case 'recordDerogationAcceptance':
      return recordDerogationAcceptance(s, c);
  }
}

function amend(s: LifecycleState, c: Of<'amendProposal'>): DomainEvent[] {
  requireMay(s, actorOf(c), 'amendProposal');
  requireStage(s, ['changes_requested', 'suspended'], 'amend the proposal');
  if (s.review || s.pendingAssessment) refuse(ErrorCode.wrongStage, 'cannot amend while a review is open or pending');
  const base = s.pendingModification?.proposal ?? s.proposal;
  if (!base) return refuse(ErrorCode.wrongStage, 'nothing to amend: no proposal yet');
  return [{ type: 'system.amended', data: { changes: c.changes, proposal: { ...base, ...c.changes }, amendedBy: c.actor } }];
}

function satisfy(s: LifecycleState, c: Of<'satisfyCondition'>, ctx: DecideContext): DomainEvent[] {
  requireMay(s, actorOf(c), 'satisfyCondition');
  requireLive(s, 'satisfy a condition');
  const condition = s.conditions.find((x) => x.id === c.conditionId);
  if (!condition) return refuse(ErrorCode.notFound, `no condition ${c.conditionId} on the current approval`);
  if (condition.status === 'satisfied') refuse(ErrorCode.conflict, `condition ${c.conditionId} is already satisfied`);
  const nextDueAt = nextOccurrence(condition, ctx.now);
  const satisfied: DomainEvent = {
    type: 'condition.satisfied',
    data: { conditionId: c.conditionId, evidence: c.evidence, satisfiedBy: c.actor, ...(nextDueAt ? { nextDueAt } : {}) },
  };
  // A system suspended for this overdue condition asks back once it is met, as a late transparency report does.
  const suspendedForIt = s.suspension?.reason === 'condition_overdue' && s.suspension.ref === c.conditionId;
  if (!suspendedForIt || s.review || s.pendingAssessment) return [satisfied];
  return [satisfied, { type: 'review.re_review_due', data: { purpose: 'reinstatement', cycle: s.reReviewCycle, dueAt: iso(ctx.now), ref: `condition-${c.conditionId}` } }];
}

function deploy(s: LifecycleState, c: Of<'recordDeployment'>, ctx: DecideContext): DomainEvent[] {
  requireMay(s, actorOf(c), 'recordDeployment');
  if (c.deployer !== undefined && c.deployer !== c.actor) {
    refuse(ErrorCode.forbidden, `${c.actor} cannot record a deployment on behalf of ${c.deployer}: the deployer is whoever records it`);
  }
  requireStage(s, ['approved', 'deployed'], 'record a deployment');
  if (s.approvedVersion !== null && c.version !== s.approvedVersion) {
    refuse(ErrorCode.wrongStage, `version ${c.version} is not approved (approved: ${s.approvedVersion}); request a modification first`);
  }
  if (s.nextReReviewAt && Date.parse(s.nextReReviewAt) <= ctx.now) refuse(ErrorCode.wrongStage, 'the approval has expired: a re-review is due');
  // A duty the regulation applies only from a later date than the deployment's is listed, not waited for.
  const upcoming = (ctx.upcomingDuties === false ? [] : dutiesUpcomingOn(s.assessment, iso(ctx.now).slice(0, 10)))
    .filter((u) => s.conditions.some((x) => x.id === u.conditionId && x.status !== 'satisfied'));
  const later = new Set(upcoming.map((u) => u.conditionId));
  const open = s.conditions.filter((x) => x.status !== 'satisfied' && !later.has(x.id) && (x.dueAt === null || Date.parse(x.dueAt) <= ctx.now));
  if (open.length > 0) refuse(ErrorCode.conditionsOpen, `conditions not yet satisfied: ${open.map((x) => x.id).join(', ')}`);
  const policy = s.assessment?.obligations?.transparencyReport;
  const firstTransparencyDueAt = !s.transparency && policy ? iso(addDuration(ctx.now, policy.cadence)) : null;
  return [{
    type: 'system.deployed',
    data: { environment: c.environment, version: c.version, deployer: c.actor, firstTransparencyDueAt, ...(upcoming.length > 0 ? { upcomingConditions: upcoming } : {}) },
  }];
}

function modification(s: LifecycleState, c: Of<'requestModification'>): DomainEvent[] {
  requireMay(s, actorOf(c), 'requestModification');
  requireStage(s, ['deployed'], 'request a modification');
  if (s.review || s.pendingAssessment) refuse(ErrorCode.wrongStage, 'cannot request a modification while a review is open or pending');
  if (s.running?.version === c.version) refuse(ErrorCode.conflict, `version ${c.version} is already running`);
  const base = s.proposal!;
  const proposal = { ...base, ...c.changes, model: { ...(c.changes.model ?? base.model), version: c.version } };
  return [{ type: 'system.modification_requested', data: { version: c.version, description: c.description, changes: c.changes, proposal, requestedBy: c.actor } }];
}

function retire(s: LifecycleState, c: Of<'retire'>): DomainEvent[] {
  requireMay(s, actorOf(c), 'retire');
  requireLive(s, 'retire the system');
  const owner = s.proposal?.owner === c.actor;
  return [{ type: 'system.retired', data: { by: owner ? 'owner' : 'chair', actor: c.actor, reason: c.reason } }];
}

function retryStaffing(s: LifecycleState, c: Of<'retryStaffing'>): DomainEvent[] {
  requireMay(s, actorOf(c), 'retryStaffing');
  requireLive(s, 'retry staffing');
  if (!s.staffing) return refuse(ErrorCode.wrongStage, `nothing to retry: no review of ${s.systemId} is waiting for a committee`);
  return [{ type: 'review.staffing_retried', data: { purpose: s.staffing.purpose, requestedBy: c.actor, note: c.note ?? null } }];
}

function rotateCommandKeys(s: LifecycleState, c: Of<'rotateCommandKeys'>): DomainEvent[] {
  requireMay(s, actorOf(c), 'rotateCommandKeys');
  requireLive(s, 'rotate the command keys');
  const keys = c.keys.map(({ kid, x }) => ({ kid, x }));
  return [{ type: 'lifecycle.command_keys_rotated', data: { keys, rotatedBy: c.actor, reason: c.reason } }];
}
