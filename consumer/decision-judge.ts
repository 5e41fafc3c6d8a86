import type { DecisionStore } from '../adapters/decision-store.ts';
import { checkDecision, declaredScaleOf, lifecycleClosed, periodOf, type Finding } from '../domain/decisions/check-decision.ts';
import { oversightBreaches, oversightFigures, type PeriodCounts } from '../domain/decisions/oversight.ts';
import { DomainError } from '../domain/errors.ts';
import type { UpdateInput } from '../domain/lifecycle/commands.ts';
import type { LifecycleState } from '../domain/lifecycle/state.ts';
import type { DecisionTrailPolicy } from '../domain/policy-pack.ts';
import type { DecisionRecord } from '../events/decision-record.ts';
import { previousPeriod } from '../adapters/decision-store.ts';

/** Where findings go: the system's lifecycle, through its signed updates (the governance client). */
export interface FindingRecorder {
  recordDecisionViolation(systemId: string, input: UpdateInput<'recordDecisionViolation'>): Promise<unknown>;
  recordOversightReview(systemId: string, input: UpdateInput<'recordOversightReview'>): Promise<unknown>;
}

/** What judging needs: the store, the read side's state, the pack's settings, and who the checker is. */
export interface JudgeDeps {
  readonly store: DecisionStore;
  readonly recorder: FindingRecorder;
  /** The service identity the checker's commands are signed for. */
  readonly actor: string;
  readonly trailOf: (s: LifecycleState) => Promise<DecisionTrailPolicy>;
  readonly now?: () => Date;
}

/** What one batch led to. */
export interface JudgedBatch {
  readonly stored: number;
  readonly duplicates: number;
  readonly findings: number;
}

const roles = ['decision_checker' as const];

// One finding per key: a bad version is reported once per lifecycle situation, the scale and oversight once a month.
function keyOf(f: Finding, r: DecisionRecord, s: LifecycleState): string {
  if (f.kind === 'beyond_declared_scale') return `${f.kind}:${periodOf(r.decidedAt)}`;
  if (f.kind === 'system_suspended') return `${f.kind}:${s.suspension?.reason ?? ''}:${s.suspension?.ref ?? ''}:${r.modelVersion}`;
  return `${f.kind}:${r.modelVersion}:${s.approvedVersion ?? ''}:${s.running?.version ?? ''}:${s.stage}`;
}

/** Stores a batch of valid records of known systems, checks the new ones, and records what breaks an approval. */
export async function judgeBatch(deps: JudgeDeps, batch: readonly { record: DecisionRecord; state: LifecycleState }[]): Promise<JudgedBatch> {
  const fresh = await deps.store.insert(batch.map((b) => b.record));
  let findings = 0;
  // The month's counts once per system and month of the batch (they are the counts after the whole batch), not
  // once per record: a lookup per record was most of a batch's time.
  const countsCache = new Map<string, Promise<PeriodCounts>>();
  const countsOf = (systemId: string, period: string) => {
    const key = `${systemId}\n${period}`;
    let c = countsCache.get(key);
    if (!c) countsCache.set(key, (c = deps.store.counts(systemId, period)));
    return c;
  };
  const touched = new Map<string, { state: LifecycleState; periods: Set<string> }>();
  for (const [i, { record, state }] of batch.entries()) {
    if (!fresh[i]) continue;
    const period = periodOf(record.decidedAt);
    const t = touched.get(record.systemId) ?? { state, periods: new Set<string>() };
    t.periods.add(period);
    touched.set(record.systemId, t);
    if (lifecycleClosed(state)) {
      findings += await keep(deps, record.systemId, `closed:${state.stage}:${record.modelVersion}`, 'system_retired',
        `decision while the system is ${state.stage}`, `not recorded: the lifecycle has ended (${state.stage}); kept here only`);
      continue;
    }
    const counts = await countsOf(record.systemId, period);
    for (const f of checkDecision(state, { modelVersion: record.modelVersion, peopleAffected: counts.peopleAffected })) {
      findings += await keep(deps, record.systemId, keyOf(f, record, state), f.kind, f.detail, () =>
        deps.recorder.recordDecisionViolation(record.systemId, {
          actor: deps.actor, roles, kind: f.kind, decisionId: record.decisionId, modelVersion: record.modelVersion,
          decidedAt: record.decidedAt, period, peopleAffected: counts.peopleAffected, declaredScale: declaredScaleOf(state) ?? 0,
        }),
      );
    }
  }
  for (const [systemId, { state, periods }] of touched) {
    if (!lifecycleClosed(state)) for (const period of periods) findings += await oversight(deps, systemId, state, period, countsOf);
  }
  const stored = fresh.filter(Boolean).length;
  return { stored, duplicates: fresh.length - stored, findings };
}

/** Judges a month's oversight signals against the pack; a crossing is reported once per month. */
async function oversight(
  deps: JudgeDeps, systemId: string, state: LifecycleState, period: string, countsOf: (systemId: string, period: string) => Promise<PeriodCounts>,
): Promise<number> {
  const key = `oversight:${period}`;
  if (await deps.store.hasFinding(systemId, key)) return 0;
  const policy = await deps.trailOf(state);
  const before = await countsOf(systemId, previousPeriod(period));
  const figures = oversightFigures(await countsOf(systemId, period), before);
  const breaches = oversightBreaches(figures, policy, declaredScaleOf(state));
  if (breaches.length === 0) return 0;
  const detail = breaches.map((b) => `${b.rule} ${b.actual} > ${b.limit}`).join('; ');
  return keep(deps, systemId, key, 'oversight_threshold', detail, () =>
    deps.recorder.recordOversightReview(systemId, { actor: deps.actor, roles, period, figures, breaches }),
  );
}

/**
 * Records a finding in the lifecycle unless its key was seen (`record` is the outcome instead when the lifecycle
 * cannot take it), then keeps it with the outcome; 1 when new.
 */
async function keep(deps: JudgeDeps, systemId: string, key: string, kind: string, detail: string, record: (() => Promise<unknown>) | string): Promise<number> {
  if (await deps.store.hasFinding(systemId, key)) return 0;
  let outcome = typeof record === 'string' ? record : 'recorded';
  try {
    if (typeof record !== 'string') await record();
  } catch (e) {
    // A refusal (the lifecycle ended, a stage it cannot take the finding in) is kept with its reason; anything
    // else (Temporal away) is thrown, so the batch is read again and nothing is lost.
    if (!(e instanceof DomainError)) throw e;
    outcome = `not recorded: ${e.code}: ${e.message}`;
  }
  await deps.store.addFinding({ systemId, key, kind, detail, outcome, at: (deps.now?.() ?? new Date()).toISOString() });
  return 1;
}
