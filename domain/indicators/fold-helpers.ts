import type { ReReviewFacts, ReportFacts, RoundFacts, SuspensionFacts } from './facts.ts';

/** Closes the open round, if any, with the outcome. */
export const closeRound = (rounds: RoundFacts[], at: number, outcome: string): RoundFacts[] =>
  rounds.map((r) => (r.closedAt === null ? { ...r, closedAt: at, outcome } : r));

/** Decides the re-review in progress, if any, with the outcome. */
export const decideReReview = (reReviews: ReReviewFacts[], at: number, outcome: string): ReReviewFacts[] =>
  reReviews.map((r) => (r.decidedAt === null ? { ...r, decidedAt: at, outcome } : r));

/** Ends the open suspension, if any. */
export const closeSuspension = (suspensions: SuspensionFacts[], at: number): SuspensionFacts[] =>
  suspensions.map((s) => (s.to === null ? { ...s, to: at } : s));

/** Records (or moves) the due instant of a transparency-report period. */
export function upsertReport(reports: ReportFacts[], period: number, dueAt: number): ReportFacts[] {
  if (!reports.some((r) => r.period === period)) return [...reports, { period, dueAt, submittedAt: null, late: null }];
  return reports.map((r) => (r.period === period && r.submittedAt === null ? { ...r, dueAt } : r));
}
