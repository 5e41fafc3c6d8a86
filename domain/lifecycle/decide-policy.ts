import type { RiskAssessment } from '../assess-risk.ts';
import { ErrorCode } from '../errors.ts';
import { formatPackRef, packNameOf } from '../pack-ref.ts';
import { policyImpact } from '../policy-impact.ts';
import type { UpdateInput } from './commands.ts';
import type { DomainEvent } from './events.ts';
import { actorOf, refuse, requireLive, requireMay } from './guards.ts';
import type { LifecycleState } from './state.ts';

type Apply = UpdateInput<'applyPolicyVersion'>;

/** The workflow's own step after an applyPolicyVersion update: the system's assessment under the new version. */
export type RecordPolicyVersion = Apply & { readonly assessment: RiskAssessment };

const OPERATING = ['approved', 'deployed', 'suspended'];

/** The packs a system is assessed under: every regime's, or its one pack. */
export const packRefsOf = (s: LifecycleState): string[] => s.policyPacks ?? (s.policyPack ? [s.policyPack] : []);

/**
 * The system's packs with `pack` replaced by `pack@version`, after checking who asks and that the system can take a
 * new version now: an administrator, a live system under that pack, no review open or waiting (its outcome would be
 * judged under rules it was not assessed by), and not already on that version. Throws a DomainError.
 */
export function packsWithVersion(s: LifecycleState, c: Apply): string[] {
  requireMay(s, actorOf(c), 'applyPolicyVersion');
  requireLive(s, 'apply a policy version');
  const refs = packRefsOf(s);
  const at = refs.findIndex((r) => packNameOf(r) === c.pack);
  if (at === -1) refuse(ErrorCode.conflict, `system ${s.systemId} is not under policy pack ${c.pack} (it is under ${refs.join(', ') || 'none'})`);
  const ref = formatPackRef(c.pack, c.version);
  if (refs[at] === ref) refuse(ErrorCode.conflict, `system ${s.systemId} is already under ${ref}`);
  if (s.review || s.pendingAssessment || s.staffing)
    refuse(ErrorCode.wrongStage, `system ${s.systemId} has a review open or waiting: apply ${ref} once it has closed`);
  return refs.map((r, i) => (i === at ? ref : r));
}

/** The version of `pack` a system's assessment was made under (`name@version+hash`), if it records one. */
function versionOf(a: RiskAssessment | null, pack: string): string | null {
  if (!a) return null;
  const all = a.regimes?.map((r) => r.policyVersion) ?? [a.policyVersion];
  return all.find((v) => packNameOf(v) === pack) ?? null;
}

/**
 * What applying a pack version records: nothing when the system's tier, committee and obligations stay as they
 * are; else `policy.version_applied`, and a re-review when the tier rose or a new obligation is unmet (for a system
 * that operates: one not yet approved meets the new version at its next assessment).
 */
export function recordPolicyVersion(s: LifecycleState, c: RecordPolicyVersion, now: number): DomainEvent[] {
  const policyPacks = packsWithVersion(s, c);
  const impact = policyImpact(s.assessment, c.assessment, s.conditions);
  if (!impact.changed) return [];
  const reReview = impact.reReview && OPERATING.includes(s.stage);
  const applied: DomainEvent = {
    type: 'policy.version_applied',
    data: {
      pack: c.pack, fromVersion: versionOf(s.assessment, c.pack), toVersion: versionOf(c.assessment, c.pack) ?? formatPackRef(c.pack, c.version),
      policyPacks, tierFrom: impact.tier.from, tierTo: impact.tier.to, committeeFrom: impact.committee.from, committeeTo: impact.committee.to,
      addedObligations: impact.addedObligations, removedObligations: impact.removedObligations, unmetObligations: impact.unmetObligations,
      rulesFired: impact.rulesFired, rulesStopped: impact.rulesStopped, reReview, assessment: c.assessment, appliedBy: c.actor,
    },
  };
  if (!reReview) return [applied];
  const ref = `policy:${formatPackRef(c.pack, c.version)}`;
  return [applied, { type: 'review.re_review_due', data: { purpose: 're_review', cycle: s.reReviewCycle + 1, dueAt: new Date(now).toISOString(), ref } }];
}
