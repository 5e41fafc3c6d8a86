import { z } from 'zod';
import { Jurisdiction, Sector } from '../domain/proposal.ts';
import { ScreeningQuestion } from '../domain/screening.ts';

/** GET /v1/policy/screening query: the facts the organisation's pack selection reads. */
export const ScreeningQuery = z.object({
  sector: Sector,
  /** Comma-separated ISO 3166-1 alpha-2 codes (or EU), as the proposal will declare them. */
  jurisdictions: z
    .string()
    .max(400)
    .optional()
    .transform((v) => (v ? v.split(',').map((j) => j.trim()) : []))
    .pipe(z.array(Jurisdiction).max(50)),
});

/** One applicable pack's screening questions, each to be answered yes or no under `screening.<id>`. */
export const PackScreening = z
  .strictObject({
    pack: z.string(),
    policyVersion: z.string(),
    title: z.string(),
    questions: z.array(ScreeningQuestion),
  })
  .meta({ id: 'PackScreening' });
export type PackScreening = z.infer<typeof PackScreening>;

/** The screening a proposal with the given facts must answer: every applicable pack's questions. */
export const ScreeningView = z.strictObject({ packs: z.array(PackScreening) }).meta({ id: 'ScreeningView' });
export type ScreeningView = z.infer<typeof ScreeningView>;
