import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadPackInForce, loadPackSelection } from '../../adapters/policy-files.ts';
import { createLifecyclePolicyActivities } from '../../activities/lifecycle-policy.ts';
import { createAssessmentPreview } from '../../client/assessment-preview.ts';
import { Proposal } from '../../domain/proposal.ts';
import { AssessmentPreview } from '../../wire/assessment-preview.ts';
import { apiHarness, body, exampleProposal, tokenFor } from './support/api-harness.ts';
import { POLICY_DIR } from './policy-fixtures.ts';

const selection = await loadPackSelection(fileURLToPath(new URL('../../examples/config/pack-selection.yaml', import.meta.url)));
const { as, app, governance } = await apiHarness({
  previewAssessment: createAssessmentPreview({ packSelection: selection, loadPack: (n) => loadPackInForce(POLICY_DIR, n, true) }),
});
const proposer = () => tokenFor('mei-lin', 'proposer');
const credit = (edit: (p: Record<string, unknown>) => void = () => undefined) => {
  const p = { ...exampleProposal('credit-scoring'), proposer: 'mei-lin', jurisdictions: ['CN'] };
  edit(p);
  return p;
};

describe('POST /v1/assessments/preview', () => {
  it("gives the engine's own assessment under the organisation's packs, and starts nothing", async () => {
    const res = await as(await proposer()).post('/v1/assessments/preview', credit());
    expect(res.status).toBe(200);
    const preview = AssessmentPreview.parse(await res.json());
    expect(preview.packs).toEqual(['ai-governance-code-2026']);
    // The worker's activity, on the same proposal and packs, decides the same: the preview cannot disagree with it.
    const engine = await createLifecyclePolicyActivities({ policyDir: POLICY_DIR, allowTestingPacks: true })
      .assessProposal({ proposal: Proposal.parse(credit()), packs: preview.packs });
    expect(preview.assessment).toEqual(engine.assessment);
    expect(preview.assessment.tier).toBe('high');
    expect(preview.assessment.firedRules.length).toBeGreaterThan(0);
    expect(governance.systems.size).toBe(0);
  });

  it('changes with a high-impact screening answer: yes to social scoring is prohibited', async () => {
    const res = await as(await proposer()).post('/v1/assessments/preview', credit((p) => {
      p.screening = { ...(p.screening as Record<string, boolean>), 'social-scoring': true };
    }));
    expect(AssessmentPreview.parse(await res.json()).assessment.tier).toBe('prohibited');
  });

  it('names each bad field as a problem, and refuses people who may not propose', async () => {
    const res = await as(await proposer()).post('/v1/assessments/preview', credit((p) => {
      p.systemId = 'Not A Slug!';
      p.sector = 'space';
    }));
    expect(res.status).toBe(400);
    expect((await body(res)).errors.map((e: { path: string }) => e.path).sort()).toEqual(['sector', 'systemId']);
    expect((await as(await tokenFor('ann', 'auditor')).post('/v1/assessments/preview', credit())).status).toBe(403);
    expect((await as(undefined).post('/v1/assessments/preview', credit())).status).toBe(401);
    expect((await as(await proposer()).post('/v1/assessments/preview', credit((p) => (p.proposer = 'pat')))).status).toBe(403);
  });

  it('is described in the OpenAPI document', async () => {
    const doc = (await (await app.request('/openapi.json')).json()) as { paths: Record<string, { post?: unknown }> };
    expect(doc.paths['/v1/assessments/preview']?.post).toBeDefined();
  });
});
