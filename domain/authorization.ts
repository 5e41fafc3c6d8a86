import { ErrorCode } from './errors.ts';
import type { UpdateName } from './lifecycle/commands.ts';
import type { LifecycleState } from './lifecycle/state.ts';
import type { Duties } from './policy-pack.ts';
import type { Actor, Role } from './identity.ts';
import { relationshipOf, type Relationship } from './relationship.ts';

/** Every action the rules answer: the updates, proposing, and reading one system. */
export type Action = UpdateName | 'propose' | 'readSystem';

/**
 * The duties of a system assessed before packs could say: what the engine did then (the proposer or owner deploys
 * and files evidence; votes are visible). New assessments always carry their pack's settings.
 */
export const legacyDuties: Duties = { proposerMayDeploy: true, ownerEvidenceSatisfiesCondition: true, blindVoting: false };

/** The duties in force for a system. */
export const dutiesOf = (s: LifecycleState): Duties => s.assessment?.duties ?? legacyDuties;

/** Reads across the whole fleet rather than one system: the compliance indicators and the regulator report. */
export type FleetAction = 'readIndicators' | 'readReport' | 'readPolicyImpact';

/** Who reads the fleet's figures: auditors and admins, who see every system, and committee chairs, who oversee. */
export const fleetRoles: Record<FleetAction, readonly Role[]> = {
  readIndicators: ['auditor', 'admin', 'chair'],
  readReport: ['auditor', 'admin', 'chair'],
  /** What a pack version would change across the fleet: every system's tier and obligations, so auditors and admins. */
  readPolicyImpact: ['auditor', 'admin'],
};

/** Allowed, or refused with a stable code and a reason a person can read. */
export type Decision = { readonly allowed: true } | { readonly allowed: false; readonly code: ErrorCode; readonly reason: string };

const allow: Decision = { allowed: true };
const deny = (code: ErrorCode, reason: string): Decision => ({ allowed: false, code, reason });

/** True when the actor holds one of the roles (an actor whose roles are unknown is judged on the relationship). */
export function holds(actor: Actor, roles: readonly Role[]): boolean {
  if (actor.roles === undefined) return true;
  return actor.roles.includes('admin') || roles.some((r) => actor.roles!.includes(r));
}

const TEAM: readonly Role[] = ['proposer', 'deployer'];
const COMMITTEE: readonly Role[] = ['committee_member', 'chair'];
const ALL_SEEING: readonly Role[] = ['auditor', 'admin'];

/** The roles that can ever do each command: checked first, from the token alone, so the API answers it early. */
export const commandRoles: Record<Exclude<Action, 'readSystem'>, readonly Role[]> = {
  propose: ['proposer'],
  castVote: COMMITTEE,
  recuse: COMMITTEE,
  amendProposal: ['proposer'],
  requestModification: ['proposer'],
  submitTransparencyReport: TEAM,
  recordDeployment: ['deployer'],
  satisfyCondition: [...TEAM, ...COMMITTEE],
  reportIncident: [...TEAM, ...COMMITTEE],
  retire: [...TEAM, 'chair'],
  retryStaffing: ['admin'],
  rotateCommandKeys: ['admin'],
  recordDecisionViolation: ['decision_checker'],
  recordOversightReview: ['decision_checker'],
  applyPolicyVersion: ['admin'],
  acceptDerogation: COMMITTEE,
};

/** True when the actor sees every system (auditors and admins). */
export const seesAll = (actor: Actor): boolean => actor.roles !== undefined && ALL_SEEING.some((r) => actor.roles!.includes(r));

/**
 * True when the actor may read the system: its proposer and owner, the members of its committee (advisers too),
 * auditors and admins. A token with no roles at all reads nothing.
 */
export function mayRead(actor: Actor, s: LifecycleState): boolean {
  const scope = readScopeOf(actor);
  return scope.kind === 'all' || (scope.kind === 'related' && relatedPeople(s).includes(scope.sub));
}

/**
 * Which systems an actor may read, as a query can ask it: every system, none, or those whose related people
 * ({@link relatedPeople}) include `sub`. {@link mayRead} is this rule on one state; the read side asks it of its tables.
 */
export type ReadScope = { readonly kind: 'all' } | { readonly kind: 'none' } | { readonly kind: 'related'; readonly sub: string };

/** The read scope of an actor, from its token alone. */
export function readScopeOf(actor: Actor): ReadScope {
  if (seesAll(actor)) return { kind: 'all' };
  if (actor.roles !== undefined && actor.roles.length === 0) return { kind: 'none' };
  return { kind: 'related', sub: actor.sub };
}

/** The people who may read a system by their relationship to it: its proposer, its owner, its committee's seats. */
export function relatedPeople(s: LifecycleState): string[] {
  const seats = (s.review?.members ?? s.committee).map((m) => m.id);
  const people = [s.proposal?.proposer, s.proposal?.owner, ...seats].filter((p): p is string => p !== undefined);
  return [...new Set(people)];
}

const roleReason = (actor: Actor, roles: readonly Role[], what: string): string =>
  `${actor.sub} needs one of the roles ${roles.join(', ')} to ${what} (has ${actor.roles?.join(', ') || 'none'})`;

/** The part of `may` that needs no state: does the token carry a role that can ever do the command? */
export function mayByRole(actor: Actor, action: Exclude<Action, 'readSystem'>): Decision {
  const roles = commandRoles[action];
  return holds(actor, roles) ? allow : deny(ErrorCode.forbidden, roleReason(actor, roles, describe[action]));
}

/**
 * May `actor` do `action` on the system in state `s`? The one rule set: the API asks it for the early answer and
 * `decide` asks it for the final word. In order: the token's roles (FORBIDDEN, the same for every system); then a
 * system the actor may not read is NOT_FOUND whatever the action, so a refusal never tells a stranger it exists;
 * then the actor's relationship to the system and the pack's separation of duties. Stage and business rules (an
 * open round, open conditions) stay with `decide`: this answers who.
 */
export function may(actor: Actor, action: FleetAction): Decision;
export function may(actor: Actor, action: Action, s: LifecycleState): Decision;
export function may(actor: Actor, action: Action | FleetAction, s?: LifecycleState): Decision {
  if (action === 'readIndicators' || action === 'readReport' || action === 'readPolicyImpact') return mayOnFleet(actor, action);
  if (!s) return deny(ErrorCode.notFound, 'no system');
  if (action !== 'readSystem') {
    const byRole = mayByRole(actor, action);
    // Drawing a committee again, rotating the edge keys and applying a pack version are an administrator's acts on
    // any system, with no relationship to it; the decision checker's findings are a service's, on every system it checks.
    if (!byRole.allowed || action === 'propose' || action === 'retryStaffing' || action === 'rotateCommandKeys' || action === 'applyPolicyVersion' || byService.includes(action)) return byRole;
  }
  if (!s.proposal || !mayRead(actor, s)) return deny(ErrorCode.notFound, `no system ${s.systemId}`);
  if (action === 'readSystem') return allow;
  return commandRules[action](actor, relationshipOf(actor.sub, s), dutiesOf(s));
}

/** Fleet reads are answered from the token's roles alone; a token whose roles are unknown reads no fleet figures. */
function mayOnFleet(actor: Actor, action: FleetAction): Decision {
  const roles = fleetRoles[action];
  if (actor.roles !== undefined && holds(actor, roles)) return allow;
  const what = { readIndicators: 'read the compliance indicators', readReport: 'read the regulator report', readPolicyImpact: 'read the impact of a policy version' }[action];
  return deny(ErrorCode.forbidden, roleReason(actor, roles, what));
}
/** Actions answered by the service role alone: no person's relationship to the system applies. */
const byService: readonly Action[] = ['recordDecisionViolation', 'recordOversightReview'];

const describe: Record<Exclude<Action, 'readSystem'>, string> = {
  propose: 'propose a system',
  castVote: 'vote',
  recuse: 'recuse',
  amendProposal: 'amend the proposal',
  requestModification: 'request a modification',
  submitTransparencyReport: 'submit a transparency report',
  recordDeployment: 'record a deployment',
  satisfyCondition: 'satisfy a condition',
  reportIncident: 'report an incident',
  retire: 'retire the system',
  retryStaffing: 'draw the committee again',
  rotateCommandKeys: 'rotate the command keys',
  recordDecisionViolation: 'record a decision violation',
  recordOversightReview: 'report oversight figures',
  applyPolicyVersion: 'apply a policy pack version',
  acceptDerogation: 'accept a derogation claim',
};

type Rule = (actor: Actor, rel: Relationship, duties: Duties) => Decision;

/** The proposer or the owner of the system, holding one of `roles`. */
const team = (roles: readonly Role[], what: string): Rule => (actor, rel) => {
  if (!rel.proposer && !rel.owner) return deny(ErrorCode.forbidden, `only the proposer or the owner may ${what}`);
  if (!holds(actor, roles)) return deny(ErrorCode.forbidden, roleReason(actor, roles, what));
  return allow;
};

/** A voting member of the system's committee who neither proposed nor owns it, holding a committee role. */
const voter = (what: string): Rule => (actor, rel) => {
  if (rel.proposer || rel.owner) return deny(ErrorCode.ownSystem, `${actor.sub} proposed or owns this system and cannot ${what} on it`);
  if (!rel.committee) return deny(ErrorCode.notOnRoster, `${actor.sub} is not on the system's committee`);
  if (!rel.voter) return deny(ErrorCode.forbidden, `${actor.sub} is an adviser: advisers comment but do not ${what}`);
  if (!holds(actor, COMMITTEE)) return deny(ErrorCode.forbidden, roleReason(actor, COMMITTEE, what));
  return allow;
};

const either = (a: Rule, b: Rule): Rule => (actor, rel, duties) => {
  const first = a(actor, rel, duties);
  return first.allowed ? first : b(actor, rel, duties).allowed ? allow : first;
};

const commandRules: Record<UpdateName, Rule> = {
  castVote: voter('vote'),
  recuse: voter('recuse'),
  amendProposal: team(['proposer'], 'amend the proposal'),
  requestModification: team(['proposer'], 'request a modification'),
  submitTransparencyReport: team(TEAM, 'submit a transparency report'),
  recordDeployment: (actor, rel, duties) => {
    const t = team(['deployer'], 'record a deployment')(actor, rel, duties);
    if (!t.allowed) return t;
    if (rel.proposer && !duties.proposerMayDeploy) {
      return deny(ErrorCode.separationOfDuties, `${actor.sub} proposed this system; the policy pack requires someone else to record its deployment`);
    }
    return allow;
  },
  satisfyCondition: (actor, rel, duties) => {
    if (duties.ownerEvidenceSatisfiesCondition) return either(team(TEAM, 'satisfy a condition'), voter('accept evidence'))(actor, rel, duties);
    if (rel.proposer || rel.owner) {
      return deny(ErrorCode.separationOfDuties, 'the policy pack requires a committee member to accept the evidence for a condition');
    }
    return voter('accept evidence for a condition')(actor, rel, duties);
  },
  reportIncident: (actor, rel) => {
    if ((rel.proposer || rel.owner) && holds(actor, TEAM)) return allow;
    if (rel.committee && holds(actor, COMMITTEE)) return allow;
    return deny(ErrorCode.forbidden, `${actor.sub} is neither accountable for the system nor on its committee`);
  },
  retire: (actor, rel) => {
    if (rel.owner && holds(actor, TEAM)) return allow;
    if (rel.chair && holds(actor, ['chair'])) return allow;
    return deny(ErrorCode.forbidden, 'only the owner or the committee chair may retire the system');
  },
  // Answered by the role alone, in `may`.
  retryStaffing: () => allow,
  rotateCommandKeys: () => allow,
  recordDecisionViolation: () => allow,
  recordOversightReview: () => allow,
  applyPolicyVersion: () => allow,
  // As for a condition's evidence: a voting member who neither proposed nor owns the system decides the claim.
  acceptDerogation: voter('accept a derogation claim'),
};
