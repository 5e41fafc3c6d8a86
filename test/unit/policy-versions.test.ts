import { mkdtemp, mkdir, writeFile, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadPackRef, loadPackVersion } from '../../adapters/pack-versions.ts';
import { loadRoster } from '../../adapters/policy-files.ts';
import { assessRisk } from '../../domain/assess-risk.ts';
import { DomainError } from '../../domain/errors.ts';
import { recordPolicyVersion } from '../../domain/lifecycle/decide-policy.ts';
import { parsePackRef } from '../../domain/pack-ref.ts';
import { policyImpact } from '../../domain/policy-impact.ts';
import type { Proposal } from '../../domain/proposal.ts';
import { Harness, proposal } from './lifecycle/fixtures.ts';

const policyDir = fileURLToPath(new URL('../../policies/', import.meta.url));
const v1 = await loadPackRef(policyDir, 'fleet-test', true);
const v2 = await loadPackRef(policyDir, 'fleet-test@2.0.0', true);
const roster = await loadRoster(join(policyDir, 'rosters'), v1.roster);

const thrown = async (f: () => Promise<unknown>): Promise<DomainError> => {
  const e = await f().then(() => undefined, (x: unknown) => x);
  expect(e).toBeInstanceOf(DomainError);
  return e as DomainError;
};

describe('pack versions on disk', () => {
  it('finds the configured version in policies/<name>.yaml and others under policies/versions/<name>/', async () => {
    expect(v1.policyVersion).toMatch(/^fleet-test@1\.0\.0\+[0-9a-f]{12}$/);
    expect(v2.policyVersion).toMatch(/^fleet-test@2\.0\.0\+[0-9a-f]{12}$/);
    expect((await loadPackVersion(policyDir, 'fleet-test', '1.0.0', true)).contentHash).toBe(v1.contentHash);
    expect(parsePackRef('eu-ai-act@1.2.0')).toEqual({ name: 'eu-ai-act', version: '1.2.0' });
  });

  it('refuses a version that is missing, malformed, or a testing pack outside development and test', async () => {
    const missing = await thrown(() => loadPackVersion(policyDir, 'fleet-test', '9.9.9', true));
    expect([missing.code, missing.message]).toEqual(['NOT_FOUND', 'no version 9.9.9 of policy pack fleet-test (it has 1.0.0, 2.0.0)']);
    const noPack = await thrown(() => loadPackVersion(policyDir, 'no-such-pack', '1.0.0', true));
    expect([noPack.code, noPack.message]).toEqual(['NOT_FOUND', 'no policy pack no-such-pack']);
    const bad = await thrown(() => loadPackVersion(policyDir, 'fleet-test', '../../etc/passwd', true));
    expect([bad.code, bad.issues.map((i) => i.path)]).toEqual(['INVALID_INPUT', ['version']]);
    expect((await thrown(() => loadPackVersion(policyDir, 'Fleet', '1.0.0', true))).issues.map((i) => i.path)).toEqual(['pack']);
    expect((await thrown(() => loadPackVersion(policyDir, 'fleet-test', '2.0.0', false))).code).toBe('INVALID_POLICY');
  });

  it('refuses a version file whose own name or version differs from where it is filed', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'govflow-versions-'));
    await mkdir(join(dir, 'versions', 'fleet-test'), { recursive: true });
    const text = await readFile(join(policyDir, 'versions', 'fleet-test', '2.0.0.yaml'), 'utf8');
    await writeFile(join(dir, 'versions', 'fleet-test', '3.0.0.yaml'), text);
    const e = await thrown(() => loadPackVersion(dir, 'fleet-test', '3.0.0', true));
    expect([e.code, e.issues.map((i) => i.path)]).toEqual(['INVALID_POLICY', ['version']]);
  });
});

const full = proposal().evidence;
// The fleet of the integration test, each with what version 2.0.0 does to it.
const fleet: [string, Proposal, { from: string; to: string; added: string[]; removed: string[]; fired: string[]; stopped: string[]; reReview: boolean; changed: boolean }][] = [
  ['a system the version leaves alone', proposal(), { from: 'minimal', to: 'minimal', added: [], removed: [], fired: [], stopped: [], reReview: false, changed: false }],
  ['a large audience: the new rule raises it to limited', proposal({ affected: { monthlyUsers: 50_000, minors: false, vulnerableGroups: false } }),
    { from: 'minimal', to: 'limited', added: ['user-notice'], removed: [], fired: ['large-audience'], stopped: [], reReview: true, changed: true }],
  ['no explainability approach: the removed rule lowers it to minimal', proposal({ evidence: { ...full, explainability: undefined, bias: undefined } }),
    { from: 'limited', to: 'minimal', added: [], removed: ['user-notice'], fired: [], stopped: ['xai-no-approach'], reReview: false, changed: true }],
  ['a classifier: same tier, a new obligation it has not met', proposal({ model: { type: 'classifier', version: '1.0.0', largeScale: false } }),
    { from: 'minimal', to: 'minimal', added: ['model-card'], removed: [], fired: [], stopped: [], reReview: true, changed: true }],
  ['a finance system: high either way, same obligations', proposal({ sector: 'finance' }),
    { from: 'high', to: 'high', added: [], removed: [], fired: [], stopped: [], reReview: false, changed: false }],
];

describe('policyImpact: what a version changes for one system', () => {
  it.each(fleet)('%s', (_name, p, want) => {
    const impact = policyImpact(assessRisk(p, v1), assessRisk(p, v2), []);
    expect({
      from: impact.tier.from, to: impact.tier.to,
      added: impact.addedObligations.map((c) => c.id), removed: impact.removedObligations.map((c) => c.id),
      fired: impact.rulesFired.map((r) => r.ruleId), stopped: impact.rulesStopped.map((r) => r.ruleId),
      reReview: impact.reReview, changed: impact.changed,
    }).toEqual(want);
    expect(impact.why.length > 0).toBe(want.changed);
  });

  it('a new obligation the system already met does not send it back to review', () => {
    const p = proposal({ model: { type: 'classifier', version: '1.0.0', largeScale: false } });
    const impact = policyImpact(assessRisk(p, v1), assessRisk(p, v2), [{ id: 'model-card', status: 'satisfied' }]);
    expect([impact.changed, impact.unmetObligations, impact.reReview]).toEqual([true, [], false]);
    expect(impact.why).toContain('new obligation model-card (already met): Publish a model card before deployment.');
  });
});

/** An approved system under fleet-test 1.0.0, through the real decider. */
function approved(p: Proposal): Harness {
  const h = new Harness({ pack: v1, roster }, p);
  h.state = { ...h.state, policyPack: 'fleet-test' };
  h.vote('alice', 'approve');
  if (h.state.stage !== 'approved') h.vote('bob', 'approve');
  expect(h.state.stage).toBe('approved');
  return h;
}

describe('recordPolicyVersion: what the lifecycle records', () => {
  const apply = (h: Harness, actor = 'root-admin') =>
    recordPolicyVersion(h.state, { actor, roles: ['admin'], pack: 'fleet-test', version: '2.0.0', assessment: assessRisk(h.state.proposal!, v2) }, h.now);

  it.each(fleet)('%s', (_name, p, want) => {
    const h = approved(p);
    const events = apply(h);
    expect(events.map((e) => e.type)).toEqual(
      !want.changed ? [] : want.reReview ? ['policy.version_applied', 'review.re_review_due'] : ['policy.version_applied'],
    );
    if (!want.changed) return;
    h.run({ type: 'recordPolicyVersion', actor: 'root-admin', roles: ['admin'], pack: 'fleet-test', version: '2.0.0', assessment: assessRisk(h.state.proposal!, v2) });
    expect([h.state.policyPack, h.state.tier, h.state.policyVersion]).toEqual(['fleet-test@2.0.0', want.to, v2.policyVersion]);
    expect(h.state.pendingAssessment).toBe(want.reReview ? 're_review' : null);
  });

  it('refuses anyone but an administrator, a system under another pack, an open review, and the version it is on', () => {
    const h = approved(proposal({ model: { type: 'classifier', version: '1.0.0', largeScale: false } }));
    const code = (f: () => unknown): string => {
      try {
        f();
      } catch (e) {
        return (e as DomainError).code;
      }
      return 'accepted';
    };
    expect(code(() => recordPolicyVersion(h.state, { actor: 'alice', roles: ['committee_member'], pack: 'fleet-test', version: '2.0.0', assessment: assessRisk(h.state.proposal!, v2) }, h.now))).toBe('FORBIDDEN');
    expect(code(() => recordPolicyVersion(h.state, { actor: 'root-admin', roles: ['admin'], pack: 'eu-ai-act', version: '2.0.0', assessment: assessRisk(h.state.proposal!, v2) }, h.now))).toBe('CONFLICT');
    const inReview = new Harness({ pack: v1, roster }, proposal());
    inReview.state = { ...inReview.state, policyPack: 'fleet-test' };
    expect(code(() => apply(inReview))).toBe('WRONG_STAGE');
    h.run({ type: 'recordPolicyVersion', actor: 'root-admin', roles: ['admin'], pack: 'fleet-test', version: '2.0.0', assessment: assessRisk(h.state.proposal!, v2) });
    h.state = { ...h.state, pendingAssessment: null };
    expect(code(() => apply(h))).toBe('CONFLICT');
  });
});
