// The API process as `npm start` runs it (api/main.ts) checks logged decisions itself: a decision posted to it by a
// version that is not the approved one becomes a violation event on the lifecycle, with no checker of the test's own.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureKeyFile, loadKeyFile } from '../../adapters/signing-keys.ts';
import { clientCredentialsToken } from '../../client/oidc-client.ts';
import type { GovernanceEvent } from '../../events/envelope.ts';
import { serviceClientSecret } from '../../issuer/service-clients.ts';
import { testCommandKeys, testEventKeys } from '../support/test-keys.ts';
import { issuerUrl, tokenFor } from './helpers/issuer.ts';
import { readTopic } from './helpers/kafka.ts';
import { eventually, freePort } from './helpers/processes.ts';
import { testConfig, uniqueName } from './helpers/temporal.ts';
import { openLifecycleEnv, testProposal, waitForState, type LifecycleEnv } from './lifecycle-helpers.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
let env: LifecycleEnv;
let api: ChildProcess;
let output = '';
let base = '';

beforeAll(async () => {
  const stateDir = mkdtempSync(join(tmpdir(), 'govflow-api-checker-'));
  const commandKeyFile = join(stateDir, 'command-signing.jwks.json');
  const eventKeyFile = join(stateDir, 'event-signing.jwks.json');
  const trustedFile = join(stateDir, 'trusted-events.jwks.json');
  await ensureKeyFile(commandKeyFile);
  await ensureKeyFile(eventKeyFile);
  writeFileSync(trustedFile, JSON.stringify(testEventKeys.jwks()));
  const apiKeys = (await loadKeyFile(commandKeyFile)).jwks();
  // The worker trusts the tests' command key (proposing, voting) and the API's edge key (the checker's findings).
  env = await openLifecycleEnv('api-checker', { commandKeys: async () => ({ keys: [...testCommandKeys.jwks().keys, ...apiKeys.keys] }) });
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  api = spawn(process.execPath, ['--import', 'tsx', 'api/main.ts'], {
    cwd: root,
    env: {
      ...process.env,
      GOVFLOW_ENV: 'test', GOVFLOW_POLICY_PACK: 'test', GOVFLOW_API_PORT: String(port), GOVFLOW_STATE_DIR: stateDir,
      GOVFLOW_TASK_QUEUE: env.taskQueue, GOVFLOW_TOPIC: env.topic, GOVFLOW_TOPIC_PARTITIONS: '3', GOVFLOW_DEAD_LETTER_TOPIC: `${env.topic}.dlq`,
      GOVFLOW_DECISIONS_TOPIC: uniqueName('govflow-test-api-decisions'), GOVFLOW_KAFKA_BROKERS: testConfig.GOVFLOW_KAFKA_BROKERS.join(','),
      GOVFLOW_COMMAND_KEY_FILE: commandKeyFile, GOVFLOW_EVENT_KEY_FILE: eventKeyFile, GOVFLOW_TRUSTED_EVENT_KEYS: trustedFile,
    },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  api.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  api.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<void>((resolve) => api.once('exit', () => resolve()));
  const healthy = eventually(async () => (await fetch(`${base}/healthz`).catch(() => undefined))?.ok, 'the API to answer', 120_000);
  await Promise.race([healthy, exited.then(() => Promise.reject(new Error('the API exited at start')))]).catch((e: Error) => {
    throw new Error(`${e.message}\n${output}`);
  });
});
afterAll(async () => {
  if (api && api.exitCode === null) api.kill('SIGKILL');
  await env?.close();
});

const json = async (path: string, token: string, init: RequestInit = {}) => {
  const res = await fetch(`${base}${path}`, { ...init, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' } });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};

describe('the API process runs the decision checker', () => {
  it('turns a decision posted to it by an unapproved version into a violation event, shown by `govflow status`, and stops cleanly', async () => {
    expect(output).toContain('decision checker reading the decisions topic');
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
    const cli = await promisify(execFile)(process.execPath, [join(root, 'bin', 'govflow.js'), 'status', p.systemId, '--token', ann], {
      cwd: root, env: { ...process.env, GOVFLOW_API_URL: base, XDG_CONFIG_HOME: mkdtempSync(join(tmpdir(), 'govflow-cli-')) },
    });
    expect(cli.stdout).toContain('oversight signals');
    expect(cli.stdout).toMatch(/decisions kept:\s+P6M/);
    expect(cli.stdout).toContain('unapproved_version');

    const exited = new Promise<number | null>((resolve) => api.once('exit', (code) => resolve(code)));
    api.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(output).toContain('API stopped');
  });
});
