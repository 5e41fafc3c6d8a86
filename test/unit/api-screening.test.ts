import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadPackInForce, loadPackSelection } from '../../adapters/policy-files.ts';
import { createScreeningCatalogue } from '../../client/screening-catalogue.ts';
import { ScreeningView } from '../../wire/screening.ts';
import { apiHarness, body, tokenFor } from './support/api-harness.ts';
import { POLICY_DIR } from './policy-fixtures.ts';

const selection = await loadPackSelection(
  fileURLToPath(new URL('../../examples/config/pack-selection.yaml', import.meta.url)),
);
const { as, app } = await apiHarness({
  screening: createScreeningCatalogue({
    packSelection: selection,
    loadPack: (n) => loadPackInForce(POLICY_DIR, n, true),
  }),
});

describe('GET /v1/policy/screening', () => {
  it('serves the questions of every pack a proposal with these facts falls under', async () => {
    const res = await as(await tokenFor('mei-lin', 'proposer')).get(
      '/v1/policy/screening?sector=finance&jurisdictions=EU,CN',
    );
    expect(res.status).toBe(200);
    const view = ScreeningView.parse(await res.json());
    expect(view.packs.map((p) => p.pack)).toEqual(['eu-ai-act', 'ai-governance-code-2026']);
    const eu = view.packs[0]!;
    expect(eu.questions.find((q) => q.id === 'life-health-insurance')).toMatchObject({
      topic: 'high_risk_area',
      source: 'EU AI Act Annex III 5(c)',
    });
    expect(eu.questions.every((q) => q.help.length > 0)).toBe(true);
  });

  it('without jurisdictions, the default pack alone', async () => {
    const res = await as(await tokenFor('mei-lin', 'proposer')).get('/v1/policy/screening?sector=other');
    expect(ScreeningView.parse(await res.json()).packs.map((p) => p.pack)).toEqual(['ai-governance-code-2026']);
  });

  it('names each bad query field, and asks for a token', async () => {
    const res = await as(await tokenFor('mei-lin', 'proposer')).get(
      '/v1/policy/screening?sector=space&jurisdictions=europe',
    );
    expect(res.status).toBe(400);
    expect((await body(res)).errors.map((e: { path: string }) => e.path).sort()).toEqual([
      'jurisdictions[0]',
      'sector',
    ]);
    expect((await as(undefined).get('/v1/policy/screening?sector=other')).status).toBe(401);
  });

  it('is described in the OpenAPI document, and the proposal schema carries the answers', async () => {
    const doc = (await (await app.request('/openapi.json')).json()) as {
      paths: Record<string, unknown>;
      components: { schemas: Record<string, { properties?: Record<string, unknown> }> };
    };
    expect(doc.paths['/v1/policy/screening']).toBeDefined();
    expect(doc.components.schemas.ProposeBody?.properties?.screening).toMatchObject({
      additionalProperties: { type: 'boolean' },
    });
  });
});
