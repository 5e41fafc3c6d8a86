import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPackRef } from '../../adapters/pack-versions.ts';
import { loadPackInForce } from '../../adapters/policy-files.ts';
import { readSideFleet } from '../../api/policy-fleet.ts';
import { createCommandSigner } from '../../client/command-signer.ts';
import { createGovernanceClient, type GovernanceClient } from '../../client/governance-client.ts';
import { workflowFleet } from '../../client/live-systems.ts';
import { applyPolicyVersion, policyImpactReport, type PolicyImpactDeps } from '../../client/policy-impact.ts';
import type { DomainError } from '../../domain/errors.ts';
import type { LifecycleState } from '../../domain/lifecycle/state.ts';
import type { ProposalInput } from '../../domain/proposal.ts';
import { testCommandKeys } from '../support/test-keys.ts';
import { fleetTestEdits } from './helpers/fleet-test-pack.ts';
import { startReadSide, type RunningReadSide } from './helpers/read-side.ts';
import { acceptedUpdates, openLifecycleEnv, recordHistory, shortTypes, systemEvents, testProposal, waitForState, type LifecycleEnv } from './lifecycle-helpers.ts';

const policyDir = fileURLToPath(new URL('../../policies/', import.meta.url));
const version = { pack: 'fleet-test', version: '2.0.0' };
const admin = { sub: 'root-admin', roles: ['admin' as const] };

// Six systems under fleet-test 1.0.0 on the real Temporal server and Kafka broker; version 2.0.0 (beside it under
// policies/versions/) raises one by a new rule, lowers one by a removed rule, gives one a new obligation, leaves two
// alone, and would raise one whose first review is still open.
const fleet: Record<string, (p: ProposalInput) => void> = { ...fleetTestEdits, reviewing: fleetTestEdits.audience };

describe('a policy-version change across a fleet, on the real stack', () => {
  let env: LifecycleEnv;
  let gov: GovernanceClient;
  let rs: RunningReadSide;
  let deps: PolicyImpactDeps;
  const ids: Record<string, string> = {};
  const before: Record<string, LifecycleState> = {};

  beforeAll(async () => {
    env = await openLifecycleEnv('policy-versions');
    gov = createGovernanceClient({
      client: env.client, taskQueue: env.taskQueue, defaultPolicyPack: 'fleet-test',
      checkPolicyPack: (name) => loadPackInForce(policyDir, name, true),
      commandSigner: createCommandSigner(testCommandKeys.signer),
    });
    rs = await startReadSide(env.topic);
    deps = {
      loadPack: (ref) => loadPackRef(policyDir, ref, true),
      sources: [readSideFleet(rs.readSide), workflowFleet(env.client, env.taskQueue, gov)],
    };
    await Promise.all(Object.entries(fleet).map(async ([name, edit]) => {
      const p = testProposal('minimal', `pv-${name}`);
      edit(p);
      ids[name] = p.systemId;
      await gov.startLifecycle(p, { actor: 'pat' });
      await waitForState(gov, p.systemId, (s) => s.review !== null);
      if (name === 'reviewing') return;
      for (const voter of name === 'finance' ? ['alice', 'bob'] : ['alice'])
        await gov.castVote(p.systemId, { actor: voter, roles: ['committee_member'], vote: 'approve', rationale: 'Read the assessment.' });
      const s = await waitForState(gov, p.systemId, (x) => x.stage === 'approved');
      expect(await rs.readSide.waitFor(p.systemId, s.sequence, 15_000)).toBe(true);
    }));
    for (const [name, id] of Object.entries(ids)) before[name] = await gov.getState(id);
  }, 120_000);
  afterAll(async () => {
    await rs?.close();
    await env?.close();
  });

  const changedNames = ['audience', 'unexplained', 'classifier', 'reviewing'];
  const sortedIds = (names: string[]) => names.map((n) => ids[n]!).sort();

  it('policy impact lists exactly the systems the version changes, and why, from the read side and from the workflows alike', async () => {
    const report = await policyImpactReport(deps, version);
    expect([report.source, report.assessed, report.unchanged, report.alreadyApplied]).toEqual(['read_side', 6, 2, 0]);
    expect(report.systems.map((s) => s.systemId)).toEqual(sortedIds(changedNames));
    const row = (name: string) => report.systems.find((s) => s.systemId === ids[name])!;
    expect([row('audience').impact.tier, row('audience').impact.rulesFired.map((r) => r.ruleId), row('audience').impact.reReview])
      .toEqual([{ from: 'minimal', to: 'limited' }, ['large-audience'], true]);
    expect([row('unexplained').impact.tier, row('unexplained').impact.rulesStopped.map((r) => r.ruleId), row('unexplained').impact.reReview])
      .toEqual([{ from: 'limited', to: 'minimal' }, ['xai-no-approach'], false]);
    expect([row('classifier').impact.unmetObligations, row('classifier').impact.reReview]).toEqual([['model-card'], true]);
    expect(row('reviewing').blocked).toContain('has a review open or waiting');

    const fromWorkflows = await policyImpactReport({ ...deps, sources: deps.sources.slice(1) }, version);
    expect(fromWorkflows.source).toBe('workflows');
    expect(fromWorkflows.systems.map((s) => [s.systemId, s.impact])).toEqual(report.systems.map((s) => [s.systemId, s.impact]));
    // Asking changed nothing anywhere.
    for (const [name, id] of Object.entries(ids)) expect((await gov.getState(id)).sequence).toBe(before[name]!.sequence);
  });

  it('refuses a caller who is not an administrator, or an unsigned command, before anything reaches the history', async () => {
    const id = ids.classifier!;
    const member = await gov.applyPolicyVersion(id, { actor: 'alice', roles: ['committee_member'], ...version }).catch((e: unknown) => e);
    expect((member as DomainError).code).toBe('FORBIDDEN');
    const unsigned = createGovernanceClient({ client: env.client, taskQueue: env.taskQueue });
    const forged = await unsigned.applyPolicyVersion(id, { actor: 'root-admin', roles: ['admin'], ...version }).catch((e: unknown) => e);
    expect((forged as DomainError).code).toBe('UNAUTHENTICATED');
    expect((await acceptedUpdates(env.client, id)).map((u) => u.name)).not.toContain('applyPolicyVersion');
    expect((await gov.getState(id)).sequence).toBe(before.classifier!.sequence);
  });

  it('policy apply moves them: re-reviews open exactly where the tier rose or a new obligation is unmet; the others record nothing', async () => {
    const report = await applyPolicyVersion({ ...deps, governance: gov }, admin, version);
    const outcome = Object.fromEntries(report.results.map((r) => [r.systemId, [r.outcome, r.reReview]]));
    expect(outcome).toEqual({
      [ids.audience!]: ['applied', true], [ids.unexplained!]: ['applied', false],
      [ids.classifier!]: ['applied', true], [ids.reviewing!]: ['skipped', false],
    });
    const v2 = (await loadPackRef(policyDir, 'fleet-test@2.0.0', true)).policyVersion;
    for (const name of ['audience', 'classifier']) {
      const s = await waitForState(gov, ids[name]!, (x) => x.review?.purpose === 're_review');
      expect([s.policyPack, s.assessment?.policyVersion, s.tier]).toEqual(['fleet-test@2.0.0', v2, name === 'audience' ? 'limited' : 'minimal']);
      const events = await systemEvents(env.topic, ids[name]!, s.sequence);
      expect(shortTypes(events.slice(before[name]!.sequence))).toEqual(['policy.version_applied', 'review.re_review_due', 'risk.assessed', 'review.opened']);
    }
    const lowered = await gov.getState(ids.unexplained!);
    expect([lowered.sequence - before.unexplained!.sequence, lowered.stage, lowered.tier, lowered.review]).toEqual([1, 'approved', 'minimal', null]);
    const applied = (await systemEvents(env.topic, ids.unexplained!, lowered.sequence)).at(-1)!;
    expect([applied.type, (applied.data as { tierFrom: string }).tierFrom, (applied.data as { reReview: boolean }).reReview])
      .toEqual(['ai.governance.policy.version_applied.v1', 'limited', false]);
    for (const name of ['steady', 'finance', 'reviewing']) expect((await gov.getState(ids[name]!)).sequence).toBe(before[name]!.sequence);

    // Applied once: the systems it moved are on the version now; only the one still in its first review is left.
    expect(await rs.readSide.waitFor(ids.unexplained!, lowered.sequence, 15_000)).toBe(true);
    const again = await policyImpactReport({ ...deps, sources: deps.sources.slice(1) }, version);
    expect([again.alreadyApplied, again.systems.map((s) => s.systemId)]).toEqual([3, [ids.reviewing]]);
    // The systems on the applied version still list under their pack.
    const listed = await rs.readSide.list({ kind: 'all' }, { pageSize: 50, pack: 'fleet-test' });
    expect(listed.items.map((x) => x.systemId).sort()).toEqual(Object.values(ids).sort());
    await recordHistory(env.client, ids.audience!, 'policy-version-re-review');
  });
});
