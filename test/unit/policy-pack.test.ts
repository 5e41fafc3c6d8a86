import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { loadPackWithRoster, loadPolicyPack, loadRoster } from '../../adapters/policy-files.ts';
import { DomainError } from '../../domain/errors.ts';
import { parsePolicyPack } from '../../domain/parse-policy-pack.ts';
import { checkRosterForPack, isVotingMember } from '../../domain/roster.ts';
import { PACK_NAMES, POLICY_DIR, ROSTER_DIR } from './policy-fixtures.ts';

const HASH = 'a'.repeat(64);
const testPackRaw = parse(await readFile(join(POLICY_DIR, 'test.yaml'), 'utf8')) as Record<string, unknown>;

function refusal(raw: unknown): DomainError {
  try {
    parsePolicyPack(raw, HASH);
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('the pack was accepted');
}

describe('policy packs', () => {
  it.each(PACK_NAMES)(
    '%s loads, is identified by name, version and content hash, and its roster staffs it',
    async (name) => {
      const pack = await loadPolicyPack(POLICY_DIR, name);
      const bytes = await readFile(join(POLICY_DIR, `${name}.yaml`));
      expect(pack.contentHash).toBe(bytesToHex(sha256(bytes)));
      expect(pack.policyVersion).toBe(`${name}@${pack.version}+${pack.contentHash.slice(0, 12)}`);
      const roster = await loadRoster(ROSTER_DIR, pack.roster);
      expect(checkRosterForPack(roster, pack)).toEqual([]);
    },
  );

  it('the AI Governance Code pack encodes the ethics review measures', async () => {
    const pack = await loadPolicyPack(POLICY_DIR, 'ai-governance-code-2026');
    expect(pack.tiers.high).toMatchObject({ minCommitteeMembers: 7, quorum: { minVotes: 5 }, reReviewInterval: 'P6M' });
    for (const tier of [pack.tiers.limited, pack.tiers.minimal]) expect(tier.reReviewInterval).toBe('P12M');
    expect(pack.tiers.high.conditions.map((c) => c.id)).toContain('algorithm-filing');
    expect(pack.highImpactSectors.sectors).toEqual(['finance', 'healthcare', 'education', 'transportation']);
    expect(pack.transparencyReport?.cadence).toBe('P6M');
  });

  it('the EU AI Act pack carries the Art. 73 incident deadlines', async () => {
    const pack = await loadPolicyPack(POLICY_DIR, 'eu-ai-act');
    expect(pack.tiers.high.incidentDeadlines).toMatchObject({ serious: 'P15D', death: 'P10D', widespread: 'P2D' });
    expect(pack.tiers.high.conditions.map((c) => c.id)).toEqual(
      expect.arrayContaining(['logs-retained-6-months', 'documentation-kept-10-years']),
    );
  });

  it('the test pack lets three voters finish a high-tier review within seconds', async () => {
    const pack = await loadPolicyPack(POLICY_DIR, 'test');
    const roster = await loadRoster(ROSTER_DIR, 'test');
    expect(pack.tiers.high).toMatchObject({
      quorum: { minVotes: 3 },
      minDistinctApprovers: 2,
      reviewDeadline: 'PT20S',
    });
    expect(pack.tiers.limited).toMatchObject({ quorum: { minVotes: 2 }, minDistinctApprovers: 1 });
    expect(pack.tiers.minimal.quorum.minVotes).toBe(1);
    expect(pack.tiers.high.conditions).toContainEqual(
      expect.objectContaining({ id: 'bias-audit', dueBefore: 'deployment' }),
    );
    const committee = roster.committees.find((c) => c.id === pack.tiers.high.committee)!;
    expect(committee.members.filter(isVotingMember).map((m) => m.id)).toEqual([
      'alice',
      'bob',
      'carol',
      'dave',
      'chair-erin',
    ]);
    expect(committee.members.find((m) => m.id === 'adviser-frank')?.roles).toEqual(['adviser']);
  });

  it.each([
    ['an unknown key', { ...testPackRaw, colour: 'blue' }, 'colour'],
    [
      'a bad duration',
      { ...testPackRaw, transparencyReport: { ...(testPackRaw.transparencyReport as object), cadence: '6 months' } },
      'transparencyReport.cadence',
    ],
    [
      'a typo in a condition path',
      { ...testPackRaw, prohibitedUses: [{ id: 'x', when: { path: 'practises', eq: 'a' }, reason: 'r' }] },
      'prohibitedUses[0].when',
    ],
    [
      'an unknown condition operator',
      { ...testPackRaw, rules: [{ ...(testPackRaw.rules as object[])[0], when: { path: 'sector', like: 'fin' } }] },
      'rules[0].when',
    ],
    ['thresholds out of order', { ...testPackRaw, thresholds: { limited: 50, high: 40 } }, 'thresholds'],
    [
      'a duplicate rule id',
      { ...testPackRaw, rules: [...(testPackRaw.rules as object[]), (testPackRaw.rules as object[])[0]] },
      'rules',
    ],
  ])('refuses a pack with %s, naming the field', (_name, raw, path) => {
    const err = refusal(raw);
    expect(err.code).toBe('INVALID_POLICY');
    expect(err.issues.map((i) => i.path)).toContain(path);
  });

  it('names every bad field at once', () => {
    const tiers = testPackRaw.tiers as Record<string, Record<string, unknown>>;
    const raw = {
      ...testPackRaw,
      version: 'one',
      tiers: { ...tiers, high: { ...tiers.high, minDistinctApprovers: 0, reminders: ['PT20S'] } },
    };
    const paths = refusal(raw).issues.map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['version', 'tiers.high.minDistinctApprovers']));
    const semantic = refusal({
      ...testPackRaw,
      tiers: { ...tiers, high: { ...tiers.high, minDistinctApprovers: 1, reminders: ['PT20S'] } },
    });
    expect(semantic.issues.map((i) => i.path)).toEqual(['tiers.high.reminders[0]', 'tiers.high.minDistinctApprovers']);
  });

  it('never half-loads a file that fails validation', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'packs-'));
    await writeFile(join(dir, 'broken.yaml'), 'name: broken\nversion: 1.0.0\nrules: []\n');
    await expect(loadPolicyPack(dir, 'broken')).rejects.toMatchObject({ code: 'INVALID_POLICY' });
    await writeFile(join(dir, 'syntax.json'), '{ "name": ');
    await expect(loadPolicyPack(dir, 'syntax')).rejects.toMatchObject({ code: 'INVALID_POLICY' });
    await expect(loadPolicyPack(dir, 'absent')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('refuses a roster whose committee has no chair or repeats a member', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'rosters-'));
    const roster = {
      name: 'r',
      version: '1',
      committees: [
        {
          id: 'c',
          name: 'C',
          members: [
            { id: 'a', name: 'A', roles: ['member'] },
            { id: 'a', name: 'A', roles: ['member'] },
          ],
        },
      ],
    };
    await writeFile(join(dir, 'r.json'), JSON.stringify(roster));
    const err = (await loadRoster(dir, 'r').catch((e: unknown) => e)) as DomainError;
    expect(err.issues.map((i) => i.message)).toEqual(
      expect.arrayContaining(['duplicate member id a', 'a committee needs a chair']),
    );
  });

  it('flags a roster too small for the pack', async () => {
    const pack = await loadPolicyPack(POLICY_DIR, 'ai-governance-code-2026');
    const small = await loadRoster(ROSTER_DIR, 'test');
    const issues = checkRosterForPack(small, pack);
    expect(issues.map((i) => i.path)).toEqual([
      'tiers.minimal.committee',
      'tiers.limited.committee',
      'tiers.high.committee',
    ]);
  });
});

describe('loadPackWithRoster', () => {
  it.each(PACK_NAMES)('loads %s with the roster it names', async (name) => {
    const { pack, roster } = await loadPackWithRoster(POLICY_DIR, name);
    expect(roster.name).toBe(pack.roster);
  });

  it('refuses a roster too small for the pack', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'packs-'));
    await mkdir(join(dir, 'rosters'));
    const agc = await readFile(join(POLICY_DIR, 'ai-governance-code-2026.yaml'), 'utf8');
    await writeFile(
      join(dir, 'agc.yaml'),
      agc
        .replace('name: ai-governance-code-2026', 'name: agc')
        .replace('roster: ai-governance-code-2026', 'roster: small'),
    );
    const small = (await readFile(join(ROSTER_DIR, 'test.yaml'), 'utf8'))
      .replace('name: test', 'name: small')
      .replaceAll('test-committee', 'ethics-committee');
    await writeFile(join(dir, 'rosters', 'small.yaml'), small);
    await expect(loadPackWithRoster(dir, 'agc')).rejects.toMatchObject({
      code: 'INVALID_POLICY',
      message: expect.stringContaining('5 voting members, fewer than 7'),
    });
  });
});
