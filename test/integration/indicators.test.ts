import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve, type ServerType } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../api/app.ts';
import { openSqliteReadDb } from '../../adapters/read-db/sqlite.ts';
import type { ReadDb } from '../../adapters/read-db/read-db.ts';
import { readSystemEvents } from '../../client/audit.ts';
import { issuerAuthenticator, tokenFor } from './helpers/issuer.ts';
import { testKafka } from './helpers/kafka.ts';
import { eventually } from './helpers/processes.ts';
import { openLifecycleEnv, testProposal, waitForState, type LifecycleEnv } from './lifecycle-helpers.ts';
import { testEventKeys } from '../support/test-keys.ts';
import { startReadSide, type RunningReadSide } from './helpers/read-side.ts';

const bin = fileURLToPath(new URL('../../bin/govflow.js', import.meta.url));
const period = String(new Date().getUTCFullYear());

let env: LifecycleEnv;
let db: ReadDb;
let reads: RunningReadSide;
let app: ReturnType<typeof createApp>;
let server: ServerType;
let apiUrl: string;
let dir: string;

beforeAll(async () => {
  env = await openLifecycleEnv('indicators');
  dir = await mkdtemp(join(tmpdir(), 'govflow-indicators-'));
  db = openSqliteReadDb(join(dir, 'read-side.sqlite'));
  // One consumer: the projection folds the indicator facts in the transactions that write the rest of the read side.
  reads = await startReadSide(env.topic, { db });
  app = createApp({
    readSide: reads.readSide,
    governance: env.gov,
    history: (systemId) => readSystemEvents({ kafka: testKafka, topic: env.topic, systemId }),
    eventKeys: testEventKeys,
    attestations: { signer: testEventKeys.signer, trusted: testEventKeys.trusted },
    auth: issuerAuthenticator(),
    readiness: async () => ({ temporal: true, kafka: true }),
    indicatorFacts: (q) => reads.readSide.indicatorFacts(q),
  });
  await new Promise<void>((resolve) => {
    server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, (info: AddressInfo) => {
      apiUrl = `http://127.0.0.1:${info.port}`;
      resolve();
    });
  });
});
afterAll(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  await reads?.stop();
  await db?.close();
  await env?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const get = async (account: string, path: string) => app.request(path, { headers: { authorization: `Bearer ${await tokenFor(account)}` } });
const json = async (res: Response) => (await res.json()) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function govflow(args: string[], token: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, ...args], { cwd: dir, env: { ...process.env, XDG_CONFIG_HOME: dir, GOVFLOW_API_URL: apiUrl, GOVFLOW_TOKEN: token }, timeout: 120_000 },
      (err, stdout, stderr) => resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }));
  });
}

describe('the indicators and the regulator report on the real stack', () => {
  const minimal = testProposal('minimal', 'ind-min');
  const high = testProposal('high', 'ind-high');
  const prohibited = testProposal('prohibited', 'ind-proh');

  it('count a few real lifecycles from the topic through the read side, for auditors only', async () => {
    for (const p of [minimal, high, prohibited]) await env.gov.startLifecycle(p, { actor: 'pat' });
    const vote = (id: string, actor: string) => env.gov.castVote(id, { actor, vote: 'approve', rationale: `${actor}: approve` });
    await waitForState(env.gov, minimal.systemId, (s) => s.review?.round === 1);
    await vote(minimal.systemId, 'alice');
    await env.gov.recordDeployment(minimal.systemId, { actor: 'olga', environment: 'prod', version: '1.0.0' });
    await waitForState(env.gov, high.systemId, (s) => s.review?.round === 1);
    for (const m of ['alice', 'bob', 'carol']) await vote(high.systemId, m);
    await waitForState(env.gov, high.systemId, (s) => s.stage === 'approved');
    await waitForState(env.gov, prohibited.systemId, (s) => s.stage === 'rejected');

    const ind = await eventually(async () => {
      const b = await json(await get('ann', `/v1/indicators?period=${period}`));
      return b.decisions?.count === 3 && b.systems.byStage.deployed === 1 ? b : undefined;
    }, 'the indicators to count three decisions');
    expect(ind.systems).toEqual({
      total: 3,
      byStage: { deployed: 1, approved: 1, rejected: 1 },
      byTier: { minimal: 1, high: 1, prohibited: 1 },
      bySector: { other: 2, finance: 1 },
      byPack: { test: 3 },
    });
    expect(ind.decisions).toMatchObject({ count: 3, approved: 2, rejected: 0, prohibited: 1 });
    expect(ind.decisions.hoursToDecision.p90).toBeGreaterThanOrEqual(ind.decisions.hoursToDecision.p50);
    expect(ind.reviews.opened).toBe(2);
    expect(ind.committee.openRounds).toBe(0);

    const filtered = await json(await get('chair-erin', `/v1/indicators?period=${period}&tier=high`));
    expect(filtered.systems).toMatchObject({ total: 1, byStage: { approved: 1 } });
    const refused = await get('pat', `/v1/indicators?period=${period}`);
    expect(refused.status).toBe(403);
  });

  it('report the register of high-tier systems with approvers and the signed chain head, as JSON, HTML and PDF', async () => {
    const state = await env.gov.getState(high.systemId);
    const report = await json(await get('ann', `/v1/report?period=${period}`));
    expect(report.register.map((e: { systemId: string }) => e.systemId)).toEqual([high.systemId]);
    const entry = report.register[0];
    expect(entry.approvals).toHaveLength(1);
    expect([...entry.approvals[0].approvers].sort()).toEqual(['alice', 'bob', 'carol']);
    expect(entry.conditions.length).toBe(state.conditions.length);
    expect(entry.head).toMatchObject({ sequence: state.sequence, hash: state.lastHash });
    expect(entry.head.sig).toMatch(/^[A-Za-z0-9_-]{86}$/);
    expect(entry.head.sigkid).toBe(testEventKeys.signer.kid);

    const html = await (await get('ann', `/v1/report?period=${period}&format=html`)).text();
    expect(html).toContain(`<code>${high.systemId}</code>`);
    expect(html).toContain(state.lastHash!);

    const token = await tokenFor('ann');
    const pdfPath = join(dir, 'report.pdf');
    const pdf = await govflow(['report', '--period', period, '--format', 'pdf', '--out', pdfPath], token);
    expect(pdf.code, pdf.stderr).toBe(0);
    const bytes = await readFile(pdfPath);
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(bytes.toString('latin1').match(/\/Type\s*\/Page[^s]/g)?.length ?? 0).toBeGreaterThanOrEqual(1);

    const csv = await govflow(['indicators', '--period', period, '--csv'], token);
    expect(csv.code, csv.stderr).toBe(0);
    expect(csv.stdout.split('\n')).toContain('decisions.approved,2');
    const denied = await govflow(['report', '--period', period, '--format', 'json'], await tokenFor('pat'));
    expect(denied.code).not.toBe(0);
    expect(denied.stderr).toMatch(/FORBIDDEN \(403\)/);
  });
});
