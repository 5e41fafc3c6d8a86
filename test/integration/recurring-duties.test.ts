import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadEventSchemas } from './helpers/json-schemas.ts';
import { openLifecycleEnv, recordHistory, systemEvents, testProposal, waitForState, workflowTaskFailures } from './lifecycle-helpers.ts';
import type { LifecycleEnv } from './lifecycle-helpers.ts';

const policies = fileURLToPath(new URL('../../policies/', import.meta.url));
const MIX_SOURCE = 'Measures for Science and Technology Ethics Review (Trial) 2023 Art. 7';

let env: LifecycleEnv;
let policyDir: string;
let rosterFile: string;
let schemaErrors: Awaited<ReturnType<typeof loadEventSchemas>>;

beforeAll(async () => {
  // A policy folder of this file's own: the test pack's minimal tier asks for an outside committee member and carries
  // a recurring duty (as Art. 72 post-market monitoring does), with durations of seconds.
  policyDir = await mkdtemp(join(tmpdir(), 'govflow-recurring-'));
  await cp(policies, policyDir, { recursive: true });
  const packFile = join(policyDir, 'test.yaml');
  const pack = parse(await readFile(packFile, 'utf8')) as { tiers: { minimal: Record<string, unknown> } };
  pack.tiers.minimal.committeeMix = { technical: 0, ethicsOrLaw: 0, external: 1, source: MIX_SOURCE };
  pack.tiers.minimal.conditions = [
    { id: 'post-market-monitoring-report', description: 'Monitoring report.', dueBefore: 'PT6S', recurs: 'PT6S', source: 'EU AI Act Art. 72' },
  ];
  await writeFile(packFile, stringify(pack));
  rosterFile = join(policyDir, 'rosters', 'test.yaml');
  env = await openLifecycleEnv('recurring', { policyDir });
  schemaErrors = await loadEventSchemas();
});

afterAll(async () => {
  await env?.close();
  if (policyDir) await rm(policyDir, { recursive: true, force: true });
});

describe('the committee mix and a recurring duty on the real servers', () => {
  it('staffing names the missing outside member; once staffed, a met duty falls due again and is overdue when missed', async () => {
    const p = testProposal('minimal', 'recurring');
    await env.gov.startLifecycle(p, { actor: 'pat' });
    const failed = await waitForState(env.gov, p.systemId, (s) => s.staffing !== null);
    expect(failed.staffing?.reason).toBe(
      `committee test-committee lacks 1 more voting member(s) from outside the organisation (needs 1, has 0) (${MIX_SOURCE})`,
    );

    const roster = await readFile(rosterFile, 'utf8');
    await writeFile(rosterFile, roster.replace('{ id: dave, name: Dave, roles: [member] }', '{ id: dave, name: Dave, roles: [member], external: true }'));
    await env.gov.retryStaffing(p.systemId, { actor: 'root-admin', note: 'dave sits as the outside member' });
    await waitForState(env.gov, p.systemId, (s) => s.stage === 'in_review');
    await env.gov.castVote(p.systemId, { actor: 'alice', vote: 'approve', rationale: 'Reviewed.' });
    const approved = await env.gov.getState(p.systemId);
    const first = approved.conditions.find((c) => c.id === 'post-market-monitoring-report')!;
    expect(first).toMatchObject({ status: 'open', recurs: 'PT6S' });

    await env.gov.satisfyCondition(p.systemId, { actor: 'olga', conditionId: first.id, evidence: 'Report 1.' });
    const next = new Date(Date.parse(first.dueAt!) + 6_000).toISOString();
    const reopened = await env.gov.getState(p.systemId);
    expect(reopened.conditions[0]).toMatchObject({ status: 'open', dueAt: next, evidence: 'Report 1.' });

    // Not met again: the timer follows the new due date.
    await waitForState(env.gov, p.systemId, (s) => s.conditions[0]?.status === 'overdue', 60_000);
    const events = await systemEvents(env.topic, p.systemId, 10);
    const satisfied = events.find((e) => e.type === 'ai.governance.condition.satisfied.v1');
    expect(satisfied?.data).toMatchObject({ conditionId: first.id, nextDueAt: next });
    const overdue = events.filter((e) => e.type === 'ai.governance.condition.overdue.v1');
    expect(overdue.map((e) => (e.data as { dueAt: string }).dueAt)).toEqual([next]);
    expect(Date.parse(overdue[0]!.time)).toBeGreaterThanOrEqual(Date.parse(next));
    expect(events.flatMap(schemaErrors)).toEqual([]);
    expect(await workflowTaskFailures(env.client, p.systemId)).toEqual([]);
    await env.gov.retire(p.systemId, { actor: 'olga', reason: 'Test over.' });
    await waitForState(env.gov, p.systemId, (s) => s.stage === 'retired');
    await recordHistory(env.client, p.systemId, 'recurring-duty');
  });
});
