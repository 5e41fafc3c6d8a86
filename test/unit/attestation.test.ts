import { spawnSync } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ApprovalStatement, verifyAttestation, type DsseEnvelope } from '../../events/attestation.ts';
import { testEventKeys, forgerKeys } from '../support/test-keys.ts';
import { apiHarness, body, exampleProposal, tokenFor } from './support/api-harness.ts';

const SYS = '/v1/systems/retail-credit-scoring';
const keys = testEventKeys.trusted;
const digest = `sha256:${'ab'.repeat(32)}`;

/** The credit-scoring system approved by three members and deployed, over the API without a port. */
async function deployed() {
  const h = await apiHarness();
  const mei = h.as(await tokenFor('mei-lin', 'proposer', 'deployer'));
  expect((await mei.post('/v1/systems', exampleProposal('credit-scoring'))).status).toBe(201);
  for (const m of ['alice', 'bob', 'carol']) {
    const member = h.as(await tokenFor(m, 'committee_member'));
    expect((await member.post(`${SYS}/votes`, { vote: 'approve', rationale: `${m} agrees` })).status).toBe(200);
  }
  await mei.post(`${SYS}/conditions/bias-audit/evidence`, { evidence: 'audit report' });
  // The pack keeps duties apart: the owner, not the proposer, records the deployment.
  const rahul = h.as(await tokenFor('rahul-k', 'deployer'));
  expect((await rahul.post(`${SYS}/deployments`, { environment: 'production', version: '3.2.0' })).status).toBe(200);
  const attest = async (query = '') =>
    (await body(await mei.get(`${SYS}/attestation${query}`))) as unknown as DsseEnvelope;
  return { h, mei, attest };
}

const statementOf = (env: DsseEnvelope) =>
  ApprovalStatement.parse(JSON.parse(Buffer.from(env.payload, 'base64').toString('utf8')));

describe('approval attestations', () => {
  it('issues an in-toto statement in a DSSE envelope that verifies offline with the engine key alone', async () => {
    const { attest, h } = await deployed();
    const env = await attest(`?artifactDigest=${digest}`);
    const now = Date.parse('2026-06-01T12:00:10Z'); // the in-memory clock; the test pack re-reviews after 30 s
    const verdict = verifyAttestation(env, keys, { now, version: '3.2.0', artifactDigest: digest });
    expect(verdict.ok ? [] : verdict.reasons).toEqual([]);
    const s = statementOf(env);
    expect(s.subject[0]).toMatchObject({ name: 'retail-credit-scoring@3.2.0', digest: { sha256: 'ab'.repeat(32) } });
    const state = await h.governance.getState('retail-credit-scoring');
    expect(s.predicate).toMatchObject({
      tier: 'high',
      status: 'deployed',
      approvers: ['alice', 'bob', 'carol'],
      validUntil: state.nextReReviewAt,
      chainHead: { sequence: state.sequence, hash: state.lastHash },
      conditions: expect.arrayContaining([expect.objectContaining({ id: 'bias-audit', status: 'satisfied' })]),
    });
    expect(env.signatures[0]!.keyid).toBe(testEventKeys.signer.kid);
  });

  it('fails when altered, signed by another key, expired, for another version or artifact, or issued while suspended', async () => {
    const { attest, mei } = await deployed();
    const env = await attest(`?artifactDigest=${digest}`);
    const now = Date.parse('2026-06-01T12:00:10Z'); // the in-memory clock; the test pack re-reviews after 30 s
    const reasons = (e: unknown, expect: Partial<Parameters<typeof verifyAttestation>[2]> = {}, k = keys) => {
      const v = verifyAttestation(e, k, { now, ...expect });
      return v.ok ? [] : v.reasons;
    };
    const s = statementOf(env);
    const altered = {
      ...env,
      payload: Buffer.from(
        JSON.stringify({ ...s, predicate: { ...s.predicate, validUntil: '2099-01-01T00:00:00.000Z' } }),
      ).toString('base64'),
    };
    expect(reasons(altered)).toEqual([expect.stringMatching(/no valid signature/)]);
    expect(reasons(env, {}, forgerKeys.trusted)).toEqual([expect.stringMatching(/no valid signature/)]);
    expect(reasons(env, { now: Date.parse(s.predicate.validUntil) + 1 })).toEqual([expect.stringMatching(/expired/)]);
    expect(reasons(env, { version: '4.0.0' })).toEqual(['approved version is 3.2.0, not 4.0.0']);
    expect(reasons(env, { artifactDigest: `sha256:${'cd'.repeat(32)}` })).toEqual([
      'the artifact digest differs from the approved one',
    ]);

    const serious = await mei.post(`${SYS}/incidents`, {
      severity: 'serious',
      description: 'wrong scores',
      affectedPeople: 40,
      causalLinkAt: '2026-06-01T12:00:00Z',
    });
    expect(serious.status).toBe(200);
    expect(reasons(await attest())).toEqual([expect.stringMatching(/was suspended when this was issued/)]);
    // The one issued before the suspension still verifies on its own; a gate that asks for a fresh one refuses it.
    const issued = Date.parse(s.predicate.issuedAt);
    expect(reasons(env)).toEqual([]);
    // (The harness clock runs past the test pack's 30 s approval, so only the age reasons are asserted here.)
    const age = /older than|in the future/;
    expect(reasons(env, { now: issued, maxAgeMs: 60_000 }).filter((r) => age.test(r))).toEqual([]);
    expect(reasons(env, { now: issued + 120_000, maxAgeMs: 60_000 })).toContainEqual(
      expect.stringMatching(/older than the 60 s allowed: fetch a fresh attestation/),
    );
    expect(reasons(env, { now: issued - 120_000, maxAgeMs: 60_000 })).toContainEqual(expect.stringMatching(/in the future/));
  });

  it('refuses to attest a system that holds no approval', async () => {
    const h = await apiHarness();
    const mei = h.as(await tokenFor('mei-lin', 'proposer'));
    await mei.post('/v1/systems', exampleProposal('credit-scoring'));
    const res = await mei.get(`${SYS}/attestation`);
    expect(res.status).toBe(409);
    expect((await body(res)).code).toBe('WRONG_STAGE');
  });

  it('the deployment-gate example lets the approved version through and stops any other', async () => {
    const { attest } = await deployed();
    const dir = await mkdtemp(join(tmpdir(), 'govflow-gate-'));
    await writeFile(join(dir, 'attestation.json'), JSON.stringify(await attest()));
    await writeFile(join(dir, 'jwks.json'), JSON.stringify(testEventKeys.jwks()));
    const gate = (version: string) =>
      spawnSync('bash', ['examples/deployment-gate.sh'], {
        encoding: 'utf8',
        env: {
          ...process.env,
          ATTESTATION: join(dir, 'attestation.json'),
          ENGINE_JWKS: join(dir, 'jwks.json'),
          MODEL_VERSION: version,
          AT: '2026-06-01T12:00:10Z',
          GOVFLOW: `${process.execPath} --import tsx cli/main.ts`,
        },
      });
    const pass = gate('3.2.0');
    expect(pass.stdout).toContain('version 3.2.0 may be deployed');
    expect(pass.status).toBe(0);
    const stop = gate('9.9.9');
    expect(stop.status).toBe(1);
    expect(stop.stderr).toContain('approved version is 3.2.0, not 9.9.9');
    expect(stop.stderr).toContain('refusing to deploy version 9.9.9');
  }, 60_000);
});
