import { z } from 'zod';

/** The five pillars of the AI Governance Code; every rule scores one of them. */
export const Pillar = z.enum([
  'algorithmic_safety',
  'data_ethics',
  'privacy_protection',
  'bias_mitigation',
  'explainable_ai',
]);
export type Pillar = z.infer<typeof Pillar>;
