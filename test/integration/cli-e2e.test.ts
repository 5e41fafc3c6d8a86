import { mkdtemp, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../api/app.ts';
import { readSystemEvents } from '../../client/audit.ts';
import { runGovflow, type CliRun } from './helpers/cli.ts';
import { issuerAuthenticator, issuerUrl } from './helpers/issuer.ts';
import { testKafka } from './helpers/kafka.ts';
import { startReadSide, type RunningReadSide } from './helpers/read-side.ts';
import { openLifecycleEnv, testProposal, type LifecycleEnv } from './lifecycle-helpers.ts';
import { testEventKeys } from '../support/test-keys.ts';

let env: LifecycleEnv;
let read: RunningReadSide;
let server: ServerType;
let apiUrl: string;
let home: string;

beforeAll(async () => {
  env = await openLifecycleEnv('cli-e2e');
  read = await startReadSide(env.topic);
  // The API verifies with the local issuer's keys, which sign the tokens `govflow login` and `dev-token` get.
  const app = createApp({
    governance: env.gov,
    readSide: read.readSide,
    history: (systemId) => readSystemEvents({ kafka: testKafka, topic: env.topic, systemId }),
    eventKeys: testEventKeys,
    attestations: { signer: testEventKeys.signer, trusted: testEventKeys.trusted },
    auth: issuerAuthenticator(),
    readiness: async () => ({ temporal: true, kafka: true }),
  });
  await new Promise<void>((resolve) => {
    server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, (info: AddressInfo) => {
      apiUrl = `http://127.0.0.1:${info.port}`;
      resolve();
    });
  });
  home = await mkdtemp(join(tmpdir(), 'govflow-cli-'));
});
afterAll(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  await read?.close();
  await env?.close();
});

/** Runs the real `govflow` binary with a clean environment: no token, a config dir of its own. */
const govflow = (args: string[], extraEnv: Record<string, string> = {}): Promise<CliRun> =>
  runGovflow(args, { XDG_CONFIG_HOME: home, GOVFLOW_API_URL: apiUrl, ...extraEnv });

const tokenOf = async (account: string): Promise<string> => {
  const r = await govflow(['dev-token', '--sub', account], { GOVFLOW_OIDC_ISSUER: issuerUrl });
  expect(r.code, r.stderr).toBe(0);
  return r.stdout.trim();
};

describe('the govflow CLI against a running API', () => {
  it('walks a proposal through review to deployment, with readable refusals and exit codes', async () => {
    const proposal = testProposal('high', 'cli-e2e');
    const id = proposal.systemId;
    const file = join(home, 'proposal.json');
    await writeFile(file, JSON.stringify(proposal));
    const [pat, olga, alice, bob, carol] = await Promise.all([
      tokenOf('pat'),
      tokenOf('olga'),
      tokenOf('alice'),
      tokenOf('bob'),
      tokenOf('carol'),
    ]);

    const proposed = await govflow(['propose', file, '--token', pat]);
    expect(proposed.code, proposed.stderr).toBe(0);
    expect(proposed.stdout).toContain(`proposed ${id}`);
    expect(proposed.stdout).toMatch(/stage:\s+in_review/);
    expect(proposed.stdout).toMatch(/alice\s+waiting/);

    const pending = await govflow(['pending', '--json'], { GOVFLOW_TOKEN: alice });
    expect((JSON.parse(pending.stdout) as { items: { systemId: string }[] }).items.map((p) => p.systemId)).toContain(
      id,
    );

    const vote = (token: string, ...extra: string[]) =>
      govflow(['vote', id, 'approve', '--rationale', 'evidence is sufficient', '--token', token, ...extra]);
    const first = await vote(alice);
    expect(first.code, first.stderr).toBe(0);
    // The sequence depends on whether the 10 s reminder fired first.
    expect(first.stdout).toMatch(new RegExp(`^voted approve: ${id} is now in_review \\(event \\d+\\)\n$`));

    const twice = await vote(alice);
    expect(twice.code).toBe(5);
    expect(twice.stdout).toBe('');
    expect(twice.stderr).toBe('govflow: ALREADY_VOTED (409): alice already voted in round 1\n');
    const own = await vote(await tokenOf('pat'));
    expect(own.code).toBe(3);
    expect(own.stderr).toMatch(/^govflow: OWN_SYSTEM \(403\): .+\n$/);
    const noToken = await govflow(['vote', id, 'approve', '--rationale', 'x']);
    expect(noToken.code).toBe(3);
    expect(noToken.stderr).toMatch(/UNAUTHENTICATED \(401\)/);

    expect((await vote(bob)).code).toBe(0);
    const approved = JSON.parse((await vote(carol, '--json')).stdout) as { stage: string; events: string[] };
    expect(approved).toEqual(
      expect.objectContaining({ stage: 'approved', events: ['ai.governance.review.vote_cast.v1', 'ai.governance.system.approved.v1'] }),
    );

    // The test pack's algorithm filing falls due 20 s after approval (and the approval lapses at 30 s): an overdue
    // condition holds a deployment up, so it is filed at once, beside the early deployment that must be refused for the
    // bias audit, and a slow machine (each CLI process takes seconds to start) cannot let it fall overdue mid-walk.
    const [filing, early] = await Promise.all([
      govflow(['evidence', id, 'algorithm-filing', '--evidence', 'Filing 7.', '--token', olga]),
      govflow(['deploy', id, '--environment', 'production', '--version', '1.0.0', '--token', olga]),
    ]);
    expect(filing.code, filing.stderr).toBe(0);
    expect(early.code).toBe(5);
    expect(early.stderr).toMatch(/CONDITIONS_OPEN \(409\): .*bias-audit/);
    const evidence = await govflow(['evidence', id, 'bias-audit', '--evidence', 'Audit report 42.', '--token', olga]);
    expect(evidence.code, evidence.stderr).toBe(0);
    const deploy = await govflow(['deploy', id, '--environment', 'production', '--version', '1.0.0', '--token', olga]);
    expect(deploy.code, deploy.stderr).toBe(0);
    expect(deploy.stdout).toMatch(new RegExp(`deployed 1.0.0 to production: ${id} is now deployed`));

    const status = await govflow(['status', id, '--events', '--json', '--token', olga]);
    const { state, events } = JSON.parse(status.stdout) as {
      state: { stage: string };
      events: { type: string; actor?: string }[];
    };
    expect(state.stage).toBe('deployed');
    expect(events.filter((e) => e.type.endsWith('vote_cast.v1')).map((e) => e.actor)).toEqual([
      'alice',
      'bob',
      'carol',
    ]);
  });

  it('reads the API URL and token from the config file, below flags and environment', async () => {
    await mkdir(join(home, 'govflow'), { recursive: true });
    await writeFile(join(home, 'govflow', 'config.json'), JSON.stringify({ apiUrl, token: await tokenOf('ann') }));
    const fromFile = await govflow(['list', '--json'], { GOVFLOW_API_URL: '' });
    expect(fromFile.code, fromFile.stderr).toBe(0);
    expect(JSON.parse(fromFile.stdout)).toHaveProperty('items');
    const envWins = await govflow(['list'], { GOVFLOW_API_URL: 'http://127.0.0.1:59998' });
    expect(envWins.code).toBe(6);
    expect(envWins.stderr).toContain('cannot reach the govflow API at http://127.0.0.1:59998');
    const flagWins = await govflow(['list', '--api-url', apiUrl], { GOVFLOW_API_URL: 'http://127.0.0.1:59998' });
    expect(flagWins.code, flagWins.stderr).toBe(0);
    expect(flagWins.stdout).toMatch(/^SYSTEM\s+STAGE\s+TIER/);
  });

  it('signs in with govflow login at the local issuer and keeps the token with the CLI settings', async () => {
    const path = join(home, 'govflow', 'config.json');
    await mkdir(join(home, 'govflow'), { recursive: true });
    await writeFile(path, JSON.stringify({ apiUrl }), { mode: 0o644 });
    const login = await govflow(['login', '--dev-account', 'ann'], { GOVFLOW_OIDC_ISSUER: issuerUrl });
    expect(login.code, login.stderr).toBe(0);
    expect(login.stdout).toContain(`signed in at ${issuerUrl}`);
    const saved = JSON.parse(await readFile(path, 'utf8')) as { apiUrl: string; token: string };
    expect(saved.apiUrl).toBe(apiUrl);
    expect(saved.token.split('.')).toHaveLength(3);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    const listed = await govflow(['list', '--json']);
    expect(listed.code, listed.stderr).toBe(0);
    const nobody = await govflow(['login', '--dev-account', 'nobody'], { GOVFLOW_OIDC_ISSUER: issuerUrl });
    expect(nobody.code).toBe(1);
    expect(nobody.stderr).toMatch(/^govflow: sign-in as nobody refused: invalid_grant/);
  });

  it('refuses a proposal file with bad fields, naming them, with exit code 2', async () => {
    const file = join(home, 'bad.yaml');
    await writeFile(file, 'systemId: Bad Id\nname: x\n');
    const r = await govflow(['propose', file, '--token', await tokenOf('pat')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^govflow: INVALID_INPUT \(400\): .*systemId.*sector/);
    const missing = await govflow(['propose', join(home, 'nope.json'), '--token', 'x']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe(`govflow: cannot read ${join(home, 'nope.json')}: ENOENT\n`);
  });
});
