import { DomainError, ErrorCode } from '../domain/errors.ts';
import { assessUnderPacks } from '../domain/assess-under-packs.ts';
import { packRefsOf, packsWithVersion } from '../domain/lifecycle/decide-policy.ts';
import type { LifecycleState } from '../domain/lifecycle/state.ts';
import { isTerminal } from '../domain/lifecycle/state.ts';
import type { Caller } from '../domain/identity.ts';
import { formatPackRef, packNameOf } from '../domain/pack-ref.ts';
import { policyImpact } from '../domain/policy-impact.ts';
import type { PolicyPack } from '../domain/policy-pack.ts';
import { cloudEventType } from '../events/envelope.ts';
import type { ApplyOutcome, ApplyReport, FleetSourceName, ImpactReport, PackVersionInput, SystemImpact } from '../wire/policy-impact.ts';
import type { GovernanceClient } from './governance-client.ts';

/** The live systems of the fleet as one place holds them. */
export interface FleetSource {
  readonly name: FleetSourceName;
  liveStates(): Promise<LifecycleState[]>;
}

/** What judging a pack version needs: the packs by reference, and where the live systems are read. */
export interface PolicyImpactDeps {
  /** Loads `name` (the configured file) or `name@version` (see adapters/pack-versions.ts). */
  readonly loadPack: (ref: string) => Promise<PolicyPack>;
  /** The read side first; the workflows when it cannot be read. */
  readonly sources: readonly FleetSource[];
  /** Reports a source that failed before the next is tried. */
  readonly onSourceFailed?: (source: FleetSourceName, err: unknown) => void;
}

async function liveFleet(deps: PolicyImpactDeps): Promise<{ source: FleetSourceName; states: LifecycleState[] }> {
  let last: unknown;
  for (const s of deps.sources) {
    try {
      return { source: s.name, states: (await s.liveStates()).filter((x) => !isTerminal(x) && x.proposal !== null) };
    } catch (e) {
      last = e;
      deps.onSourceFailed?.(s.name, e);
    }
  }
  throw last instanceof DomainError ? last : new DomainError(ErrorCode.notFound, `no source of live systems could be read: ${String(last)}`);
}

/** Why applying to this system would wait now, or null (the same check the lifecycle makes). */
function blockedReason(s: LifecycleState, input: PackVersionInput): string | null {
  try {
    packsWithVersion(s, { actor: 'policy-impact', roles: ['admin'], ...input });
    return null;
  } catch (e) {
    if (e instanceof DomainError) return e.message;
    throw e;
  }
}

/** One system under the new version, with the engine's own assessment, or undefined when it is not under the pack. */
async function judge(s: LifecycleState, input: PackVersionInput, load: (ref: string) => Promise<PolicyPack>): Promise<SystemImpact | 'already' | undefined> {
  const before = packRefsOf(s);
  const ref = formatPackRef(input.pack, input.version);
  if (!before.some((r) => packNameOf(r) === input.pack)) return undefined;
  if (before.includes(ref)) return 'already';
  const after = before.map((r) => (packNameOf(r) === input.pack ? ref : r));
  const next = assessUnderPacks(s.proposal!, await Promise.all(after.map(load)));
  const impact = policyImpact(s.assessment, next, s.conditions);
  return { systemId: s.systemId, name: s.proposal?.name ?? null, stage: s.stage, packsBefore: before, packsAfter: after, impact, blocked: blockedReason(s, input) };
}

/** Loads packs once per reference for one run over the fleet. */
function cachedLoader(load: (ref: string) => Promise<PolicyPack>): (ref: string) => Promise<PolicyPack> {
  const seen = new Map<string, Promise<PolicyPack>>();
  return (ref) => {
    if (!seen.has(ref)) seen.set(ref, load(ref));
    return seen.get(ref)!;
  };
}

/**
 * Re-assesses every live system under the pack with the version in its place, by the engine's own assessment, and
 * lists those whose tier, committee or obligations change, and why. Read-only: nothing is sent to any lifecycle.
 */
export async function policyImpactReport(deps: PolicyImpactDeps, input: PackVersionInput): Promise<ImpactReport> {
  const load = cachedLoader(deps.loadPack);
  const pack = await load(formatPackRef(input.pack, input.version));
  const { source, states } = await liveFleet(deps);
  const judged = await Promise.all(states.map((s) => judge(s, input, load)));
  const under = judged.filter((j): j is SystemImpact => j !== undefined && j !== 'already');
  const systems = under.filter((j) => j.impact.changed).sort((a, b) => a.systemId.localeCompare(b.systemId));
  return {
    ...input, policyVersion: pack.policyVersion, source, assessed: under.length, unchanged: under.length - systems.length,
    alreadyApplied: judged.filter((j) => j === 'already').length, systems,
  };
}

/**
 * Applies the version to every live system the impact report says it changes: one signed update each, for the
 * administrator who asked. Each lifecycle assesses itself again and records what changed (the report only picks
 * whom to ask); a system the version leaves as it is is not sent anything.
 */
export async function applyPolicyVersion(
  deps: PolicyImpactDeps & { readonly governance: GovernanceClient },
  caller: Caller,
  input: PackVersionInput,
): Promise<ApplyReport> {
  const report = await policyImpactReport(deps, input);
  const results: ApplyOutcome[] = [];
  for (const system of report.systems) results.push(await applyOne(deps.governance, caller, input, system));
  return { ...input, policyVersion: report.policyVersion, results };
}

async function applyOne(gov: GovernanceClient, caller: Caller, input: PackVersionInput, system: SystemImpact): Promise<ApplyOutcome> {
  const base = { systemId: system.systemId, events: [] as string[], reReview: false };
  if (system.blocked) return { ...base, outcome: 'skipped', detail: system.blocked };
  try {
    const receipt = await gov.applyPolicyVersion(system.systemId, { actor: caller.sub, roles: caller.roles, ...input });
    const events = receipt.events.map(cloudEventType);
    return { ...base, outcome: events.length > 0 ? 'applied' : 'unchanged', events, reReview: receipt.events.includes('review.re_review_due'), detail: null };
  } catch (e) {
    if (!(e instanceof DomainError)) throw e;
    return { ...base, outcome: 'failed', detail: `${e.code}: ${e.message}` };
  }
}
