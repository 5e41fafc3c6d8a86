import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DomainError } from '../../domain/errors.ts';
import { verifyChain } from '../../events/chain.ts';
import { openLifecycleEnv, recordHistory, shortTypes, systemEvents, testProposal, waitForState } from './lifecycle-helpers.ts';
import type { LifecycleEnv } from './lifecycle-helpers.ts';
import { testEventKeys } from '../support/test-keys.ts';

let env: LifecycleEnv;
beforeAll(async () => {
  env = await openLifecycleEnv('part-two');
});
afterAll(async () => {
  await env?.close();
});

const summary = {
  general: { modelName: 'Chat', modelVersion: '1.0.0', modalities: ['text' as const], size: '7B parameters', dataCutoff: '2025-06-30' },
  sources: { public: true, licensed: true, user: false, synthetic: false, webTopDomains: ['example.org'] },
  processing: { copyrightOptOutsHonoured: true, illegalContentRemoved: true },
};
const codeOf = async (p: Promise<unknown>): Promise<string> => p.then(() => 'accepted', (e: unknown) => (e instanceof DomainError ? e.code : String(e)));
const vote = (systemId: string, actor: string, v: 'approve' | 'reject' | 'request_changes' = 'approve') =>
  env.gov.castVote(systemId, { actor, vote: v, rationale: `${actor}: ${v}` });
const deploy = (systemId: string, version = '1.0.0') =>
  env.gov.recordDeployment(systemId, { actor: 'olga', environment: 'prod', version });

/** Starts a minimal-tier system and takes it to deployed. */
async function deployedMinimal(prefix: string): Promise<string> {
  const p = testProposal('minimal', prefix);
  await env.gov.startLifecycle(p, { actor: 'pat' });
  await waitForState(env.gov, p.systemId, (s) => s.review !== null);
  await vote(p.systemId, 'alice');
  await deploy(p.systemId);
  return p.systemId;
}

describe.concurrent('the lifecycle workflow, part two: operating life', () => {
  it('runs several re-review cycles, continuing as new between them with state, sequence and chain intact', async ({ expect }) => {
    const id = await deployedMinimal('cycles');
    for (const round of [2, 3]) {
      await waitForState(env.gov, id, (s) => s.review?.round === round && s.review.purpose === 're_review', 60_000);
      // An update sent right at the boundary: the vote ends the cycle, the incident report races the continue-as-new.
      const [closing, incident] = await Promise.all([
        vote(id, 'bob'),
        env.gov.reportIncident(id, { actor: 'olga', severity: 'minor', description: `Glitch in cycle ${round}.`, affectedPeople: 1, causalLinkAt: new Date().toISOString() }),
      ]);
      expect(closing.events).toContain('system.approved');
      expect(incident.events).toEqual(['incident.reported']);
    }
    const state = await waitForState(env.gov, id, (s) => s.stage === 'deployed' && s.review === null);
    expect(state.incidents.map((i) => i.incidentId)).toEqual(['incident-1', 'incident-2']);
    expect(state.reReviewCycle).toBe(2);

    const listRuns = async (): Promise<string[]> => {
      const ids: string[] = [];
      for await (const w of env.client.workflow.list({ query: `WorkflowId = 'ai-system:${id}'` })) ids.push(w.runId);
      return ids;
    };
    // Visibility is eventually consistent: wait until the third run is listed.
    await expect.poll(async () => (await listRuns()).length, { timeout: 15_000 }).toBeGreaterThanOrEqual(3);
    const runs = await listRuns();
    for (const runId of runs) {
      const h = await env.client.workflow.getHandle(`ai-system:${id}`, runId).fetchHistory();
      expect(h.events?.length ?? 0).toBeLessThan(150);
    }
    const events = await systemEvents(env.topic, id, state.sequence);
    expect(verifyChain(events, { keys: testEventKeys.trusted, heads: { [id]: { sequence: state.sequence, hash: state.lastHash! } } }).problems).toEqual([]);
    expect(shortTypes(events).filter((t) => t === 'review.re_review_due')).toHaveLength(2);
    expect(shortTypes(events).filter((t) => t === 'incident.reported')).toHaveLength(2);
    await recordHistory(env.client, id, 'continued-after-re-review');
  });

  it('takes a transparency report on time, then escalates an overdue one and suspends after the grace period', async () => {
    const p = testProposal('generative', 'transparency');
    await env.gov.startLifecycle(p, { actor: 'pat' });
    await waitForState(env.gov, p.systemId, (s) => s.review !== null);
    await vote(p.systemId, 'alice');
    await vote(p.systemId, 'bob');
    await env.gov.satisfyCondition(p.systemId, { actor: 'olga', conditionId: 'training-data-summary', evidence: 'Published on the model page.' });
    await deploy(p.systemId);
    await waitForState(env.gov, p.systemId, (s) => s.transparency?.status === 'due', 30_000);
    const onTime = await env.gov.submitTransparencyReport(p.systemId, { actor: 'olga', trainingDataSummary: summary, changes: 'First report.' });
    expect(onTime.events).toEqual(['report.transparency_submitted']);
    const s = await waitForState(env.gov, p.systemId, (x) => x.suspension !== null, 60_000);
    expect(s.suspension).toMatchObject({ reason: 'transparency_overdue', ref: 'transparency-2' });
    const events = await systemEvents(env.topic, p.systemId, s.sequence);
    const reports = events.filter((e) => e.type.includes('.report.') || e.type.includes('system.suspended'));
    expect(shortTypes(reports)).toEqual([
      'report.transparency_due', 'report.transparency_submitted', 'report.transparency_due', 'report.transparency_overdue', 'system.suspended',
    ]);
    expect(reports[1]?.data).toMatchObject({ period: 1, late: false });
    expect(reports[3]?.data).toMatchObject({ period: 2, escalatedTo: ['chair-erin'] });
    await recordHistory(env.client, p.systemId, 'transparency-overdue-suspended');
  });

  it('suspends on a serious incident and reinstates after an approving urgent re-review', async () => {
    const id = await deployedMinimal('incident');
    const reported = await env.gov.reportIncident(id, {
      actor: 'olga', severity: 'serious', description: 'Wrong answers shown to many users.', affectedPeople: 1200, causalLinkAt: new Date().toISOString(),
    });
    expect(reported.events).toEqual(['incident.reported', 'system.suspended', 'review.re_review_due']);
    expect(await codeOf(deploy(id))).toBe('WRONG_STAGE');
    await waitForState(env.gov, id, (s) => s.review?.purpose === 'incident');
    const verdict = await vote(id, 'carol');
    expect(verdict.events).toEqual(['review.vote_cast', 'system.reinstated']);
    expect(verdict.stage).toBe('deployed');
    const s = await waitForState(env.gov, id, (x) => x.incidents[0]?.dueAnnounced === true, 30_000);
    const events = await systemEvents(env.topic, id, s.sequence);
    expect(shortTypes(events).slice(6)).toEqual([
      'incident.reported', 'system.suspended', 'review.re_review_due', 'risk.assessed', 'review.opened', 'review.vote_cast', 'system.reinstated', 'incident.report_due',
    ]);
    expect(events[10]?.data).toMatchObject({ purpose: 'incident', urgent: true });
    await recordHistory(env.client, id, 'incident-suspended-reinstated');
  });

  it('keeps the running version deployed while a modification is reviewed, and deploys the new one only once approved', async () => {
    const id = await deployedMinimal('modification');
    await env.gov.requestModification(id, { actor: 'olga', version: '2.0.0', description: 'New model trained on 2026 data.' });
    const inReview = await waitForState(env.gov, id, (s) => s.review?.purpose === 'modification');
    expect(inReview.running?.version).toBe('1.0.0');
    expect(await codeOf(deploy(id, '2.0.0'))).toBe('WRONG_STAGE');
    await vote(id, 'dave');
    const approved = await env.gov.getState(id);
    expect(approved).toMatchObject({ stage: 'approved', approvedVersion: '2.0.0', running: { version: '1.0.0' } });
    expect(await codeOf(deploy(id, '1.5.0'))).toBe('WRONG_STAGE');
    expect((await deploy(id, '2.0.0')).stage).toBe('deployed');
    expect((await env.gov.getState(id)).running?.version).toBe('2.0.0');
    await recordHistory(env.client, id, 'modification-deployed');
  });

  it('retires a system at the owner\'s request and ends the workflow with a final event', async () => {
    const id = await deployedMinimal('retire');
    expect(await codeOf(env.gov.retire(id, { actor: 'alice', reason: 'Not mine to retire.' }))).toBe('FORBIDDEN');
    await env.gov.retire(id, { actor: 'olga', reason: 'Replaced by a new service.' });
    const result = await env.client.workflow.getHandle(`ai-system:${id}`).result();
    expect(result).toMatchObject({ stage: 'retired', sequence: 7 });
    const events = await systemEvents(env.topic, id, 7);
    expect(shortTypes(events).at(-1)).toBe('system.retired');
    expect(events.at(-1)?.data).toMatchObject({ by: 'owner', actor: 'olga' });
    expect(await codeOf(vote(id, 'bob'))).toBe('WRONG_STAGE');
    await recordHistory(env.client, id, 'retired');
  });
});
