import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadEventSchemas } from './helpers/json-schemas.ts';
import {
  openLifecycleEnv, recordHistory, shortTypes, systemEvents, testProposal, waitForState, workflowTaskFailures,
} from './lifecycle-helpers.ts';
import type { LifecycleEnv } from './lifecycle-helpers.ts';

const policies = fileURLToPath(new URL('../../policies/', import.meta.url));

let env: LifecycleEnv;
let policyDir: string;
let rosterFile: string;
let fullRoster: string;
let schemaErrors: Awaited<ReturnType<typeof loadEventSchemas>>;

beforeAll(async () => {
  // A policy folder of this file's own, so its roster can be broken and fixed while the worker runs.
  policyDir = await mkdtemp(join(tmpdir(), 'govflow-staffing-'));
  await cp(policies, policyDir, { recursive: true });
  rosterFile = join(policyDir, 'rosters', 'test.yaml');
  fullRoster = await readFile(rosterFile, 'utf8');
  env = await openLifecycleEnv('staffing', { policyDir });
  schemaErrors = await loadEventSchemas();
});

afterAll(async () => {
  await env?.close();
  if (policyDir) await rm(policyDir, { recursive: true, force: true });
});

describe('staffing and deadlines on the real servers', () => {
  it('a roster too small for the tier gives review.staffing_failed; fixed and retried, the review opens; no task fails', async () => {
    // Two voting members and the chair: three, where the test pack's high tier needs four.
    const small = fullRoster.split('\n').filter((l) => !/id: (carol|dave),/.test(l)).join('\n');
    expect(small).not.toBe(fullRoster);
    await writeFile(rosterFile, small);
    const p = testProposal('high', 'unstaffed');
    await env.gov.startLifecycle(p, { actor: 'pat' });
    const failed = await waitForState(env.gov, p.systemId, (s) => s.staffing !== null);
    expect(failed).toMatchObject({ stage: 'assessing', review: null, staffing: { purpose: 'initial', committee: 'test-committee' } });
    expect(failed.staffing?.reason).toMatch(/3 voting members, fewer than 4/);
    const before = await systemEvents(env.topic, p.systemId, 3);
    expect(shortTypes(before)).toEqual(['system.proposed', 'risk.assessed', 'review.staffing_failed']);

    await writeFile(rosterFile, fullRoster);
    const receipt = await env.gov.retryStaffing(p.systemId, { actor: 'root-admin', note: 'carol and dave are back' });
    expect(receipt.events).toEqual(['review.staffing_retried']);
    const opened = await waitForState(env.gov, p.systemId, (s) => s.stage === 'in_review');
    expect(opened.staffing).toBeNull();
    expect(opened.review?.expectedVoters).toEqual(['alice', 'bob', 'carol', 'dave', 'chair-erin']);
    const events = await systemEvents(env.topic, p.systemId, 6);
    expect(shortTypes(events)).toEqual([
      'system.proposed', 'risk.assessed', 'review.staffing_failed', 'review.staffing_retried', 'risk.assessed', 'review.opened',
    ]);
    expect(events.flatMap(schemaErrors)).toEqual([]);
    expect(await workflowTaskFailures(env.client, p.systemId)).toEqual([]);
    await recordHistory(env.client, p.systemId, 'staffing-failed-retried');
  });

  it('a dated condition gets condition.overdue at its due date', async () => {
    const p = testProposal('high', 'overdue');
    await env.gov.startLifecycle(p, { actor: 'pat' });
    await waitForState(env.gov, p.systemId, (s) => s.stage === 'in_review');
    for (const voter of ['alice', 'bob', 'carol']) await env.gov.castVote(p.systemId, { actor: voter, vote: 'approve', rationale: 'Reviewed.' });
    const approved = await env.gov.getState(p.systemId);
    const filing = approved.conditions.find((c) => c.id === 'algorithm-filing');
    expect(filing).toMatchObject({ status: 'open', dueAt: expect.any(String) });
    const overdue = await waitForState(env.gov, p.systemId, (s) => s.conditions.some((c) => c.id === 'algorithm-filing' && c.status === 'overdue'), 60_000);
    expect(overdue.stage).toBe('approved'); // the test pack escalates by default: no suspension
    const events = await systemEvents(env.topic, p.systemId, 8);
    const fired = events.find((e) => e.type === 'ai.governance.condition.overdue.v1');
    expect(fired?.data).toEqual({ conditionId: 'algorithm-filing', dueAt: filing?.dueAt, action: 'escalate', notified: ['chair-erin'] });
    // Not before its due date; and the timer fired (recorded by the workflow clock) within a few seconds of it.
    expect(Date.parse(fired!.time)).toBeGreaterThanOrEqual(Date.parse(filing!.dueAt!));
    expect(Date.parse(fired!.time) - Date.parse(filing!.dueAt!)).toBeLessThan(10_000);
    expect(events.flatMap(schemaErrors)).toEqual([]);
    expect(await workflowTaskFailures(env.client, p.systemId)).toEqual([]);
    await env.gov.retire(p.systemId, { actor: 'olga', reason: 'Test over.' });
    await waitForState(env.gov, p.systemId, (s) => s.stage === 'retired');
    await recordHistory(env.client, p.systemId, 'condition-overdue');
  });
});
