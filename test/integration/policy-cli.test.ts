// `govflow policy impact` and `govflow policy apply`, the real CLI binary against the API process as `npm start`
// runs it (api/main.ts), on a small fleet under the fleet-test pack: what a person reads, what a script reads, the
// exit codes of the refusals, and the lifecycles taking the version.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPackRef } from '../../adapters/pack-versions.ts';
import { loadPackInForce } from '../../adapters/policy-files.ts';
import { createCommandSigner } from '../../client/command-signer.ts';
import { createGovernanceClient, type GovernanceClient } from '../../client/governance-client.ts';
import type { GovernanceEvent } from '../../events/envelope.ts';
import type { ImpactReport } from '../../wire/policy-impact.ts';
import { testCommandKeys } from '../support/test-keys.ts';
import { createApiState, startApiProcess, type ApiProcess } from './helpers/api-process.ts';
import { runGovflow, type CliRun } from './helpers/cli.ts';
import { fleetTestEdits } from './helpers/fleet-test-pack.ts';
import { tokenFor } from './helpers/issuer.ts';
import { readTopic } from './helpers/kafka.ts';
import { eventually } from './helpers/processes.ts';
import { openLifecycleEnv, testProposal, waitForState, type LifecycleEnv } from './lifecycle-helpers.ts';

const policyDir = fileURLToPath(new URL('../../policies/', import.meta.url));

// Three systems approved under fleet-test 1.0.0. Version 2.0.0 raises `audience` by a new rule (a re-review opens),
// lowers `unexplained` by a removed rule (recorded, no review), and leaves `steady` as it is.
const fleet = { steady: fleetTestEdits.steady, audience: fleetTestEdits.audience, unexplained: fleetTestEdits.unexplained };

let env: LifecycleEnv;
let gov: GovernanceClient;
let api: ApiProcess;
const ids: Record<string, string> = {};
const home = mkdtempSync(join(tmpdir(), 'govflow-policy-cli-'));

beforeAll(async () => {
  const state = await createApiState('policy-cli');
  // The worker trusts the tests' command key (proposing, voting) and the API's edge key (the admin's application).
  env = await openLifecycleEnv('policy-cli', { commandKeys: state.commandKeys });
  gov = createGovernanceClient({
    client: env.client, taskQueue: env.taskQueue, defaultPolicyPack: 'fleet-test',
    checkPolicyPack: (name) => loadPackInForce(policyDir, name, true),
    commandSigner: createCommandSigner(testCommandKeys.signer),
  });
  // The fleet starts while the API process comes up.
  const started = Promise.all(
    Object.entries(fleet).map(async ([name, edit]) => {
      const p = testProposal('minimal', `pcli-${name}`);
      edit(p);
      ids[name] = p.systemId;
      await gov.startLifecycle(p, { actor: 'pat' });
      await waitForState(gov, p.systemId, (s) => s.review !== null);
      await gov.castVote(p.systemId, { actor: 'alice', roles: ['committee_member'], vote: 'approve', rationale: 'Read the assessment.' });
      return waitForState(gov, p.systemId, (s) => s.stage === 'approved');
    }),
  );
  api = await startApiProcess({ state, lifecycles: env, env: { GOVFLOW_POLICY_PACK: 'fleet-test' } });
  await started;
  // The API's own read side (the first source the impact reads) holds every approval.
  const ann = await tokenFor('ann');
  await eventually(async () => {
    const res = await fetch(`${api.base}/v1/systems?stage=approved&pageSize=50`, { headers: { authorization: `Bearer ${ann}` } });
    const page = (await res.json()) as { items?: { systemId: string }[] };
    return Object.values(ids).every((id) => page.items?.some((s) => s.systemId === id));
  }, 'the API read side to hold the approved fleet');
}, 180_000);
afterAll(async () => {
  await api?.stop();
  await env?.close();
});

/** The real `govflow` binary with a config dir of its own, pointed at the API process. */
const govflow = (args: string[]): Promise<CliRun> => runGovflow(args, { XDG_CONFIG_HOME: home, GOVFLOW_API_URL: api.base }, 60_000);

describe('govflow policy impact and policy apply against the API process', () => {
  it('shows the impact, refuses what it must with its exit code, applies as the admin, and the lifecycles record it', async () => {
    const [ann, alice, admin] = await Promise.all([tokenFor('ann'), tokenFor('alice'), tokenFor('root-admin')]);
    const v2 = (await loadPackRef(policyDir, 'fleet-test@2.0.0', true)).policyVersion;
    const changed = [ids.audience!, ids.unexplained!].sort();

    // Asking, and what is refused, all at once (each run is a process of its own).
    const [human, json, badName, unknown, notAdmin] = await Promise.all([
      govflow(['policy', 'impact', 'fleet-test@2.0.0', '--token', ann]),
      govflow(['policy', 'impact', 'fleet-test@2.0.0', '--json', '--token', ann]),
      govflow(['policy', 'impact', 'fleet-test@two', '--token', ann]),
      govflow(['policy', 'impact', 'fleet-test@9.9.9', '--token', ann]),
      govflow(['policy', 'apply', 'fleet-test@2.0.0', '--token', alice]),
    ]);

    // What a person reads: a head line, a row per changed system, then each one's reasons.
    expect([human.code, human.stderr]).toEqual([0, '']);
    const lines = human.stdout.split('\n');
    expect(lines[0]).toBe(`${v2}: 3 live system(s) under fleet-test re-assessed (from the read side); 2 change, 1 unchanged`);
    expect(lines[2]).toMatch(/^SYSTEM\s+STAGE\s+TIER\s+COMMITTEE\s+ADDED\s+REMOVED\s+RE-REVIEW$/);
    expect(human.stdout).toMatch(new RegExp(`^${ids.audience}\\s+approved\\s+minimal -> limited\\s+\\S+\\s+.*\\s+yes$`, 'm'));
    expect(human.stdout).toMatch(new RegExp(`^${ids.unexplained}\\s+approved\\s+limited -> minimal\\s+.*\\s+no$`, 'm'));
    expect(human.stdout).not.toContain(ids.steady);
    expect(human.stdout).toContain(
      `${ids.audience}:\n  tier minimal -> limited\n  rule large-audience now fires: Reaches 10,000 people or more a month.\n` +
        '  new obligation user-notice (not met): ',
    );
    expect(human.stdout).toContain(
      `${ids.unexplained}:\n  tier limited -> minimal\n  rule xai-no-approach no longer fires: No explainability approach.\n` +
        '  obligation user-notice no longer applies\n',
    );

    // What a script reads.
    expect(json.code, json.stderr).toBe(0);
    const report = JSON.parse(json.stdout) as ImpactReport;
    expect([report.policyVersion, report.source, report.assessed, report.unchanged, report.alreadyApplied]).toEqual([v2, 'read_side', 3, 1, 0]);
    expect(report.systems.map((s) => [s.systemId, s.impact.reReview, s.blocked])).toEqual(
      changed.map((id) => [id, id === ids.audience, null]),
    );

    // Refusals: each one line on stderr, nothing on stdout, an exit code a script can tell apart.
    for (const r of [badName!, unknown!, notAdmin!]) expect([r.stdout, r.stderr.split('\n').length]).toEqual(['', 2]);
    expect([badName!.code, badName!.stderr]).toEqual([2, 'govflow: <pack>@<version> expected, such as eu-ai-act@1.1.0 (got fleet-test@two)\n']);
    expect([unknown!.code, unknown!.stderr]).toEqual([4, 'govflow: NOT_FOUND (404): no version 9.9.9 of policy pack fleet-test (it has 1.0.0, 2.0.0)\n']);
    expect(notAdmin!.code).toBe(3);
    expect(notAdmin!.stderr).toMatch(/^govflow: FORBIDDEN \(403\): .*admin/);
    // The refused application reached no lifecycle.
    for (const id of Object.values(ids)) expect((await gov.getState(id)).policyPack).toBe('fleet-test');

    // The admin applies: one row per system it changes.
    const applied = await govflow(['policy', 'apply', 'fleet-test@2.0.0', '--token', admin]);
    expect([applied.code, applied.stderr]).toEqual([0, '']);
    expect(applied.stdout).toMatch(new RegExp(`^${v2.replaceAll('+', '\\+')}: applied to 2 of 2 system\\(s\\) it changes\n`));
    expect(applied.stdout).toMatch(new RegExp(`^${ids.audience}\\s+applied\\s+opened\\s+policy\\.version_applied, review\\.re_review_due`, 'm'));
    expect(applied.stdout).toMatch(new RegExp(`^${ids.unexplained}\\s+applied\\s+no\\s+policy\\.version_applied$`, 'm'));

    // The lifecycles took the version: policy.version_applied on the topic for the two, nothing for the third.
    const isApplied = (m: { value: string }) => (JSON.parse(m.value) as GovernanceEvent).type === 'ai.governance.policy.version_applied.v1';
    const messages = await readTopic(env.topic, (ms) => changed.every((id) => ms.some((m) => m.key === id && isApplied(m))));
    const appliedTo = messages.filter(isApplied).map((m) => JSON.parse(m.value) as GovernanceEvent);
    expect([...new Set(appliedTo.map((e) => e.subject))].sort()).toEqual(changed);
    expect(appliedTo.find((e) => e.subject === ids.audience)!.data).toMatchObject({ tierFrom: 'minimal', reReview: true });
    expect(appliedTo.find((e) => e.subject === ids.unexplained)!.data).toMatchObject({ tierFrom: 'limited', reReview: false });
    for (const name of ['audience', 'unexplained']) expect((await gov.getState(ids[name]!)).policyPack).toBe('fleet-test@2.0.0');
    expect((await gov.getState(ids.steady!)).policyPack).toBe('fleet-test');

    // Asked again once the read side has folded it: the two are on the version, the third is unchanged.
    const again = await eventually(async () => {
      const r = await govflow(['policy', 'impact', 'fleet-test@2.0.0', '--json', '--token', ann]);
      const rep = JSON.parse(r.stdout) as ImpactReport;
      return rep.alreadyApplied === 2 ? rep : undefined;
    }, 'the read side to show the applied version');
    expect([again.assessed, again.unchanged, again.systems]).toEqual([1, 1, []]);
  });
});
