import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { stream } from 'hono/streaming';
import canonicalize from 'canonicalize';
import type { DecisionStore } from '../../adapters/decision-store.ts';
import { previousPeriod } from '../../adapters/decision-store.ts';
import { declaredScaleOf, periodOf } from '../../domain/decisions/check-decision.ts';
import type { LifecycleState } from '../../domain/lifecycle/state.ts';
import type { DecisionTrailPolicy } from '../../domain/policy-pack.ts';
import { oversightFigures } from '../../domain/decisions/oversight.ts';
import type { GovernanceClient } from '../../client/governance-client.ts';
import { ExportQuery, OversightView } from '../../wire/decisions.ts';
import { SystemParams } from '../../wire/schemas.ts';
import type { AuthEnv } from '../auth.ts';
import { readableState } from '../authorize.ts';
import { registerDecisionIngestRoute, type DecisionIngest } from './decisions.ts';
import { errorResponses, jsonContent } from './openapi-helpers.ts';

/** The decision trail's routes: ingest for services, and for people who may read the system, oversight and export. */
export interface DecisionDeps {
  readonly ingest?: DecisionIngest;
  /** The read side's decision store (the checker writes it). */
  readonly store?: DecisionStore;
  /** The pack's decision-trail settings for a system (retention as in force for this deployment). */
  readonly trailOf?: (s: LifecycleState) => Promise<DecisionTrailPolicy>;
  readonly now?: () => Date;
}

const oversightRoute = createRoute({
  method: 'get',
  path: '/v1/systems/{id}/oversight',
  tags: ['decisions'],
  summary: "A system's oversight signals: this month and last, and what the decision checker found",
  security: [{ bearer: [] }],
  request: { params: SystemParams },
  responses: { 200: { description: 'the signals', content: jsonContent(OversightView) }, ...errorResponses(401, 403, 404) },
});

const exportRoute = createRoute({
  method: 'get',
  path: '/v1/systems/{id}/decisions',
  tags: ['decisions'],
  summary: "Export a system's logged decisions in [from, to) as JSON Lines (RFC 8785 canonical JSON, one record a line)",
  description: 'The bytes are stable for a range, so the SHA-256 over them (`govflow decisions export` prints it) identifies the export.',
  security: [{ bearer: [] }],
  request: { params: SystemParams, query: ExportQuery },
  responses: { 200: { description: 'the records, oldest first', content: { 'application/x-ndjson': { schema: { type: 'string' } } } }, ...errorResponses(400, 401, 403, 404) },
});

/** Registers the decision routes that have what they need. */
export function registerDecisionRoutes(app: OpenAPIHono<AuthEnv>, governance: GovernanceClient, deps: DecisionDeps): void {
  if (deps.ingest) registerDecisionIngestRoute(app, deps.ingest);
  const store = deps.store;
  if (!store) return;
  app.openapi(oversightRoute, async (c) => {
    const { id } = c.req.valid('param');
    const state = await readableState(governance, c.get('caller'), id);
    const now = periodOf((deps.now?.() ?? new Date()).toISOString());
    const periods = [];
    for (const period of [previousPeriod(now), now]) {
      const before = await store.counts(id, previousPeriod(period));
      periods.push({ period, figures: oversightFigures(await store.counts(id, period), before) });
    }
    const findings = (await store.findings(id)).map(({ kind, detail, outcome, at }) => ({ kind, detail, outcome, at }));
    const trail = deps.trailOf ? await deps.trailOf(state) : undefined;
    const thresholds = trail
      ? { overrideRateMax: trail.overrideRateMax, minDecisions: trail.minDecisions, volumeAboveScale: trail.volumeAboveScale, declaredScale: declaredScaleOf(state), retention: trail.retention }
      : null;
    return c.json({ systemId: id, periods, thresholds, findings }, 200);
  });
  app.openapi(exportRoute, async (c) => {
    const { id } = c.req.valid('param');
    const { from, to } = c.req.valid('query');
    await readableState(governance, c.get('caller'), id);
    c.header('content-type', 'application/x-ndjson');
    return stream(c, async (s) => {
      for await (const r of store.export(id, from, to)) await s.write(`${canonicalize(r)}\n`);
    }) as never;
  });
}
