import { z } from 'zod';
import { ApprovalCondition, PackItemId, Reason, Source } from './approval-condition.ts';
import { Condition, evaluate } from './conditions.ts';
import { Pillar } from './pillar.ts';
import type { Proposal, TrainingDataSummary } from './proposal.ts';

/** The parts of a training-data summary a regulator reads; each is named when it is missing. */
export const SummaryPart = z.enum(['sources', 'web_domains', 'data_types', 'cutoff', 'opt_outs']);
export type SummaryPart = z.infer<typeof SummaryPart>;

/**
 * A pack's completeness check of the published training-data summary: which systems it applies to, what an
 * incomplete summary scores, and the condition that asks for the missing parts before launch.
 */
export const TrainingDataCompleteness = z.strictObject({
  id: PackItemId,
  when: Condition,
  pillar: Pillar,
  score: z.number().int().min(0).max(100),
  reason: Reason,
  source: Source,
  condition: ApprovalCondition,
});
export type TrainingDataCompleteness = z.infer<typeof TrainingDataCompleteness>;

const PART_TEXT: Record<SummaryPart, string> = {
  sources: 'its sources (no kind of source is declared)',
  web_domains: 'the top web domains of its public web data',
  data_types: 'the types of data (modalities)',
  cutoff: 'the data cut-off date',
  opt_outs: 'that copyright opt-outs were honoured',
};

/** The parts a summary leaves out, in a fixed order. Pure. */
export function summaryGaps(s: TrainingDataSummary): SummaryPart[] {
  const { sources, general, processing } = s;
  const gaps: SummaryPart[] = [];
  if (![sources.public, sources.licensed, sources.user, sources.synthetic].some(Boolean)) gaps.push('sources');
  if (sources.public && sources.webTopDomains.length === 0) gaps.push('web_domains');
  if (general.modalities.length === 0) gaps.push('data_types');
  if (!general.dataCutoff) gaps.push('cutoff');
  if (!processing.copyrightOptOutsHonoured) gaps.push('opt_outs');
  return gaps;
}

/** What an incomplete summary adds to an assessment: a fired rule and a condition, both naming the missing parts. */
export interface IncompleteSummary {
  readonly rule: { ruleId: string; pillar: Pillar; score: number; reason: string };
  readonly condition: ApprovalCondition;
}

/** Checks a matching proposal's summary under the pack's rule; null when it applies not, or nothing is missing. */
export function checkTrainingDataSummary(check: TrainingDataCompleteness | undefined, proposal: Proposal): IncompleteSummary | null {
  // A missing summary is the pack's own rule (it scores the absence); this check reads the summary that was given.
  if (!check || !proposal.trainingDataSummary || !evaluate(check.when, proposal)) return null;
  const gaps = summaryGaps(proposal.trainingDataSummary);
  if (gaps.length === 0) return null;
  const missing = gaps.map((g) => PART_TEXT[g]).join('; ');
  return {
    rule: { ruleId: check.id, pillar: check.pillar, score: check.score, reason: `${check.reason} Missing: ${missing}.` },
    condition: { ...check.condition, description: `${check.condition.description} Missing: ${missing}.`, source: check.condition.source ?? check.source },
  };
}
