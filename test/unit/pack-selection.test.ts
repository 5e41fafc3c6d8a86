import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createLifecyclePolicyActivities } from '../../activities/lifecycle-policy.ts';
import { loadPackInForce, loadPackSelection } from '../../adapters/policy-files.ts';
import { allowsTestingPacks, loadConfig } from '../../config/config.ts';
import { PackSelection, selectPack } from '../../domain/pack-selection.ts';
import { proposal } from './lifecycle/fixtures.ts';

const policyDir = fileURLToPath(new URL('../../policies/', import.meta.url));
const example = fileURLToPath(new URL('../../examples/config/pack-selection.yaml', import.meta.url));

describe('the organisation chooses the pack', () => {
  const selection = PackSelection.parse({
    default: 'ai-governance-code-2026',
    rules: [
      { jurisdictions: ['EU'], sectors: ['healthcare'], pack: 'eu-health' },
      { jurisdictions: ['EU', 'DE'], pack: 'eu-ai-act' },
      { sectors: ['finance'], pack: 'bank-model-risk' },
    ],
  });

  it.each([
    ['a proposal declaring no jurisdiction', {}, 'ai-governance-code-2026'],
    ['an EU healthcare system', { jurisdictions: ['EU'], sector: 'healthcare' }, 'eu-health'],
    ['a German system in any other sector', { jurisdictions: ['CN', 'DE'], sector: 'education' }, 'eu-ai-act'],
    ['a finance system outside the EU', { jurisdictions: ['CN'], sector: 'finance' }, 'bank-model-risk'],
    ['an EU finance system (the earlier rule wins)', { jurisdictions: ['EU'], sector: 'finance' }, 'eu-ai-act'],
  ] as const)('selects for %s', (_what, facts, pack) => {
    expect(selectPack(selection, proposal(facts as never), 'fallback')).toBe(pack);
  });

  it('falls back to GOVFLOW_POLICY_PACK when the selection names no default', () => {
    expect(selectPack(PackSelection.parse({}), proposal(), 'test')).toBe('test');
  });

  it('loads the example selection file, which sends EU systems to the EU AI Act pack', async () => {
    const loaded = await loadPackSelection(example);
    expect(selectPack(loaded, proposal({ jurisdictions: ['FR'] }), 'x')).toBe('eu-ai-act');
    expect(selectPack(loaded, proposal({ jurisdictions: ['CN'] }), 'x')).toBe('ai-governance-code-2026');
  });

  it('refuses a selection file with bad fields, naming each', async () => {
    const dir = mkdtempSync(`${os.tmpdir()}/govflow-selection-`);
    writeFileSync(`${dir}/bad.yaml`, 'default: Bad Pack\nrules:\n  - { jurisdictions: [europe], pack: x }\n  - { pack: y }\n');
    const e = await loadPackSelection(`${dir}/bad.yaml`).catch((x: unknown) => x);
    expect(e).toMatchObject({ code: 'INVALID_POLICY' });
    expect((e as { issues: { path: string }[] }).issues.map((i) => i.path)).toEqual(['default', 'rules[0].jurisdictions[0]', 'rules[1]']);
  });
});

describe('testing packs load only in development and test', () => {
  it('defines GOVFLOW_ENV as development, test or production, production by default', () => {
    expect(loadConfig({}).GOVFLOW_ENV).toBe('production');
    expect(allowsTestingPacks(loadConfig({}))).toBe(false);
    expect(allowsTestingPacks(loadConfig({ GOVFLOW_ENV: 'development' }))).toBe(true);
    expect(allowsTestingPacks(loadConfig({ GOVFLOW_ENV: 'test' }))).toBe(true);
    expect(() => loadConfig({ GOVFLOW_ENV: 'staging' })).toThrow(/GOVFLOW_ENV/);
  });

  it.each(['test', 'bench'])('refuses to put %s in force in production, naming the variable', async (name) => {
    await expect(loadPackInForce(policyDir, name, false)).rejects.toMatchObject({ code: 'INVALID_POLICY', message: expect.stringContaining('GOVFLOW_ENV') });
    await expect(loadPackInForce(policyDir, name, true)).resolves.toMatchObject({ name, testing: true });
  });

  it('puts the default pack in force in production', async () => {
    await expect(loadPackInForce(policyDir, 'ai-governance-code-2026', false)).resolves.toMatchObject({ testing: false });
  });

  it("refuses a testing pack in a production worker's assessment too, without retrying", async () => {
    const production = createLifecyclePolicyActivities({ policyDir, allowTestingPacks: false });
    const e = await production.assessProposal({ proposal: proposal(), pack: 'test' }).catch((x: unknown) => x);
    expect(e).toMatchObject({ type: 'INVALID_POLICY', nonRetryable: true });
    const development = createLifecyclePolicyActivities({ policyDir, allowTestingPacks: true });
    await expect(development.assessProposal({ proposal: proposal(), pack: 'test' })).resolves.toHaveProperty('assessment');
  });
});
