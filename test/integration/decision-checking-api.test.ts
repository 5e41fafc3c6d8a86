// The API process as `npm start` runs it (api/main.ts) checks logged decisions itself: a decision posted to it by a
// version that is not the approved one becomes a violation event on the lifecycle, with no checker of the test's own.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientCredentialsToken } from '../../client/oidc-client.ts';
import type { GovernanceEvent } from '../../events/envelope.ts';
import { serviceClientSecret } from '../../issuer/service-clients.ts';
import { createApiState, startApiProcess, type ApiProcess } from './helpers/api-process.ts';
import { runGovflow } from './helpers/cli.ts';
import { issuerUrl, tokenFor } from './helpers/issuer.ts';
import { readTopic } from './helpers/kafka.ts';
import { eventually } from './helpers/processes.ts';
import { testConfig } from './helpers/temporal.ts';
import { openLifecycleEnv, testProposal, waitForState, type LifecycleEnv } from './lifecycle-helpers.ts';

let env: LifecycleEnv;
let api: ApiProcess;
let base = '';

beforeAll(async () => {
  const state = await createApiState('api-checker');
  // The worker trusts the tests' command key (proposing, voting) and the API's edge key (the checker's findings).
  env = await openLifecycleEnv('api-checker', { commandKeys: state.commandKeys });
  api = await startApiProcess({ state, lifecycles: env });
  base = api.base;
});
afterAll(async () => {
  if (api && api.child.exitCode === null) api.child.kill('SIGKILL');
  await env?.close();
});

const json = async (path: string, token: string, init: RequestInit = {}) => {
  const res = await fetch(`${base}${path}`, { ...init, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' } });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};

describe('the API process runs the decision checker', () => {
  it('turns a decision posted to it by an unapproved version into a violation event, shown by `govflow status`, and stops cleanly', async () => {
    expect(api.output()).toContain('decision checker reading the decisions topic');
    const p = testProposal('minimal', 'http-trail-api');
    await env.gov.startLifecycle(p, { actor: 'pat' });
    await waitForState(env.gov, p.systemId, (s) => s.review?.round === 1);
    await env.gov.castVote(p.systemId, { actor: 'alice', vote: 'approve', rationale: 'Fine.' });
    await waitForState(env.gov, p.systemId, (s) => s.stage === 'approved');
    await env.gov.recordDeployment(p.systemId, { actor: 'olga', environment: 'prod', version: '1.0.0' });
    const ann = await tokenFor('ann');
    // The API's own read side has the deployment before the decision is logged.
    await eventually(async () => {
      const page = await json('/v1/systems?stage=deployed', ann);
      return (page.body.items as { systemId: string }[] | undefined)?.some((s) => s.systemId === p.systemId);
    }, 'the API read side to see the deployment');

    const id = 'svc-test-decisions';
    const service = await clientCredentialsToken({ issuer: issuerUrl, clientId: id, secret: await serviceClientSecret(testConfig.GOVFLOW_STATE_DIR, id) });
    const record = { systemId: p.systemId, modelVersion: '9.9.9', decisionId: 'api-1', decidedAt: new Date().toISOString(), inputDigest: `sha256:${'d'.repeat(64)}`, output: 'deny' };
    const posted = await json('/v1/decisions', service, { method: 'POST', body: JSON.stringify({ records: [record] }) });
    expect(posted.status).toBe(202);

    const isViolation = (m: { key: string | null; value: string }) =>
      m.key === p.systemId && (JSON.parse(m.value) as GovernanceEvent).type === 'ai.governance.decision.violation_detected.v1';
    const messages = await readTopic(env.topic, (ms) => ms.some(isViolation));
    const violation = JSON.parse(messages.find(isViolation)!.value) as GovernanceEvent;
    expect(violation.data).toMatchObject({ kind: 'unapproved_version', decisionId: 'api-1', modelVersion: '9.9.9' });
    // Stored in the API's read-side database, which its oversight route reads.
    const oversight = await json(`/v1/systems/${p.systemId}/oversight`, ann);
    expect(oversight.status).toBe(200);
    expect((oversight.body.periods as { figures: { decisions: number } }[]).at(-1)!.figures.decisions).toBe(1);
    expect(oversight.body.thresholds).toEqual({ overrideRateMax: 0.15, minDecisions: 10, volumeAboveScale: true, declaredScale: 100, retention: 'P6M' });
    expect(oversight.body.findings).toEqual([expect.objectContaining({ kind: 'unapproved_version', outcome: 'recorded' })]);

    // `govflow status` shows the signals of a system that logs decisions.
    const cli = await runGovflow(['status', p.systemId, '--token', ann], {
      GOVFLOW_API_URL: base, XDG_CONFIG_HOME: mkdtempSync(join(tmpdir(), 'govflow-cli-')),
    });
    expect(cli.code, cli.stderr).toBe(0);
    expect(cli.stdout).toContain('oversight signals');
    expect(cli.stdout).toMatch(/decisions kept:\s+P6M/);
    expect(cli.stdout).toContain('unapproved_version');

    expect(await api.stop()).toBe(0);
    expect(api.output()).toContain('API stopped');
  });
});
