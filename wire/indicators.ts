import { z } from 'zod';
import { Tier } from '../domain/policy-pack.ts';
import { Sector } from '../domain/proposal.ts';

const When = z.string().max(40);

/** GET /v1/indicators query: the window (a period, or from/to; and "as of") and the filters. */
export const IndicatorQuery = z.object({
  period: z.string().max(16).optional().describe('a year (2026), half (2026-H2), quarter (2026-Q3) or month (2026-11), in UTC'),
  from: When.optional().describe('start of the window (inclusive): a date or an ISO 8601 instant; with `to`, instead of `period`'),
  to: When.optional().describe('end of the window (exclusive)'),
  asOf: When.optional().describe('judge open and overdue items at this instant (default: now; never later than the window end)'),
  sector: Sector.optional(),
  tier: Tier.optional(),
  pack: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'must be a policy pack name')
    .optional()
    .describe('the policy pack name the systems run under'),
});
export type IndicatorQuery = z.input<typeof IndicatorQuery>;

/** GET /v1/report query: the indicator query and the format (JSON, or the self-contained HTML page). */
export const ReportQuery = IndicatorQuery.extend({ format: z.enum(['json', 'html']).default('json') });
export type ReportQuery = z.input<typeof ReportQuery>;
