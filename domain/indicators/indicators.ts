import { z } from 'zod';
import { IsoInstant } from '../instant.ts';

const Count = z.number().int().min(0);
const Counts = z.record(z.string(), Count);
/** Hours, to two decimals; null when nothing was measured. */
const Hours = z.number().min(0).nullable();
/** A share between 0 and 1, to four decimals; null when there was nothing to divide by. */
const Share = z.number().min(0).max(1).nullable();

/** The filters the indicators were computed with (null: all). */
export const IndicatorFilter = z.object({
  sector: z.string().nullable(),
  tier: z.string().nullable(),
  pack: z.string().nullable(),
});
export type IndicatorFilter = z.infer<typeof IndicatorFilter>;

/** The compliance indicators of a fleet over one window; each figure is defined in docs/indicators.md. */
export const Indicators = z
  .object({
    window: z.object({ label: z.string(), from: IsoInstant, to: IsoInstant, asOf: IsoInstant }),
    filter: IndicatorFilter,
    systems: z.object({ total: Count, byStage: Counts, byTier: Counts, bySector: Counts, byPack: Counts }),
    decisions: z.object({
      count: Count, approved: Count, rejected: Count, prohibited: Count,
      hoursToDecision: z.object({ p50: Hours, p90: Hours }),
    }),
    reviews: z.object({ opened: Count, pastDeadline: Count, escalations: Count }),
    reReviews: z.object({ due: Count, decided: Count, overdue: Count }),
    conditions: z.object({ dueInPeriod: Count, metOnTime: Count, openPastDue: Count }),
    incidents: z.object({ total: Count, bySeverity: Counts, withinDeadline: Count, shareWithinDeadline: Share }),
    transparency: z.object({ due: Count, onTime: Count, late: Count, outstanding: Count, shareOnTime: Share }),
    suspensions: z.object({
      started: Count, byReason: Counts, ended: Count, ongoing: Count,
      hours: z.object({ p50: Hours, max: Hours }),
    }),
    decisionTrail: z.object({
      violations: Count, violationsByKind: Counts, systemsWithViolations: Count,
      oversightCrossings: Count, crossingsByRule: Counts, reReviewsDue: Count,
    }),
    committee: z.object({
      openRounds: Count,
      waiting: z.array(z.object({ member: z.string(), rounds: Count })),
    }),
  })
  .meta({ id: 'Indicators' });
export type Indicators = z.infer<typeof Indicators>;
