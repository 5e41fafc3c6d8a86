import { z } from 'zod';
import { RiskAssessment } from '../domain/assess-risk.ts';

/** POST /v1/assessments/preview: what the proposal would be assessed as, and under which packs. */
export const AssessmentPreview = z
  .strictObject({ packs: z.array(z.string()), assessment: RiskAssessment })
  .meta({ id: 'AssessmentPreview' });
export type AssessmentPreview = z.infer<typeof AssessmentPreview>;
