import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { HTTPException } from 'hono/http-exception';
import { may } from '../../domain/authorization.ts';
import { computeIndicators } from '../../domain/indicators/compute.ts';
import type { SystemFacts } from '../../domain/indicators/facts.ts';
import { Indicators, type IndicatorFilter } from '../../domain/indicators/indicators.ts';
import { buildReport, RegulatorReport } from '../../domain/indicators/report.ts';
import { resolveWindow, type IndicatorWindow } from '../../domain/indicators/window.ts';
import type { FactsQuery } from '../../consumer/indicator-facts.ts';
import { renderReportHtml } from '../../client/report-html.ts';
import { IndicatorQuery, ReportQuery } from '../../wire/indicators.ts';
import type { AuthEnv } from '../auth.ts';
import { enforce } from '../authorize.ts';
import { errorResponses, jsonContent } from './openapi-helpers.ts';

/** Reads the facts rows a window needs from the read side (the projection). */
export type FactsSource = (q: FactsQuery) => Promise<readonly SystemFacts[]>;

const ROLES = 'Roles: auditor, admin, chair.';

const indicators = createRoute({
  method: 'get',
  path: '/v1/indicators',
  tags: ['indicators'],
  summary: 'The compliance indicators over a period, filtered by sector, tier and policy pack',
  description: `${ROLES} Read from the projection; each figure is defined in docs/indicators.md. Give \`period\` or \`from\`/\`to\`; without either, the half-year of \`asOf\`.`,
  security: [{ bearer: [] }],
  request: { query: IndicatorQuery },
  responses: { 200: { description: 'the indicators', content: jsonContent(Indicators) }, ...errorResponses(400, 401, 403) },
});

const report = createRoute({
  method: 'get',
  path: '/v1/report',
  tags: ['indicators'],
  summary: "The regulator report: the period's indicators and the register of high-tier systems with their chain heads",
  description: `${ROLES} \`format=html\` gives the self-contained printable page (the CLI renders the PDF from it).`,
  security: [{ bearer: [] }],
  request: { query: ReportQuery },
  responses: {
    200: { description: 'the report', content: { ...jsonContent(RegulatorReport), 'text/html': { schema: z.string() } } },
    ...errorResponses(400, 401, 403),
  },
});

/** Registers the indicators and the report; `source` absent means the API runs without a read side (503). */
export function registerIndicatorRoutes(app: OpenAPIHono<AuthEnv>, source: FactsSource | undefined, now: () => number = Date.now): void {
  // The indicators read only the years of their window (`from`); the report's register needs whole histories.
  const read = async (q: { sector?: string | undefined; tier?: string | undefined; pack?: string | undefined }, w: IndicatorWindow, span: 'window' | 'history') => {
    if (!source) throw new HTTPException(503, { message: 'the indicators need the read side (the projection), which this API runs without' });
    const filter: IndicatorFilter = { sector: q.sector ?? null, tier: q.tier ?? null, pack: q.pack ?? null };
    return { filter, facts: await source({ ...filter, before: w.at, ...(span === 'window' ? { from: w.from } : {}) }) };
  };
  app.openapi(indicators, async (c) => {
    enforce(may(c.get('caller'), 'readIndicators'));
    const { sector, tier, pack, ...window } = c.req.valid('query');
    const w = resolveWindow(window, now());
    const { filter, facts } = await read({ sector, tier, pack }, w, 'window');
    return c.json(computeIndicators(facts, w, filter), 200);
  });
  app.openapi(report, async (c) => {
    enforce(may(c.get('caller'), 'readReport'));
    const { sector, tier, pack, format, ...window } = c.req.valid('query');
    const at = now();
    const w = resolveWindow(window, at);
    const { filter, facts } = await read({ sector, tier, pack }, w, 'history');
    const built = buildReport(facts, w, filter, at);
    // Typed as JSON for the OpenAPI document; the HTML branch is the same report rendered.
    if (format === 'html') return c.html(renderReportHtml(built)) as never;
    return c.json(built, 200);
  });
}
