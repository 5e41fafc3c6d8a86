import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { assessRisk } from '../../domain/assess-risk.ts';
import { Proposal } from '../../domain/proposal.ts';
import { EXAMPLES_DIR, loadShippedPacks } from './policy-fixtures.ts';

const [agc, eu] = await loadShippedPacks();
const read = async (file: string) => Proposal.parse(parse(await readFile(join(EXAMPLES_DIR, file), 'utf8')));

// The tiers each example is meant to show, pinned per pack.
const expected = [
  ['credit-scoring.yaml', 'high', 'high'],
  ['hospital-triage.yaml', 'high', 'high'],
  ['generative-chatbot.yaml', 'limited', 'limited'],
  ['essay-grader.yaml', 'high', 'high'],
  ['document-search.yaml', 'minimal', 'minimal'],
  ['social-scoring.yaml', 'prohibited', 'prohibited'],
] as const;

describe('example proposals', () => {
  it('every example file is pinned here', async () => {
    const files = (await readdir(EXAMPLES_DIR)).filter((f) => f.endsWith('.yaml')).sort();
    expect(files).toEqual(expected.map(([f]) => f).sort());
  });

  it.each(expected)(
    '%s is %s under the AI Governance Code and %s under the EU AI Act',
    async (file, agcTier, euTier) => {
      const proposal = await read(file);
      expect(assessRisk(proposal, agc!).tier).toBe(agcTier);
      expect(assessRisk(proposal, eu!).tier).toBe(euTier);
    },
  );

  it('the generative chatbot carries the training-data summary and six-monthly transparency reports', async () => {
    const a = assessRisk(await read('generative-chatbot.yaml'), agc!);
    expect(a.obligations?.transparencyReport?.cadence).toBe('P6M');
    expect(a.obligations?.conditions.map((c) => c.id)).toContain('training-data-summary');
  });

  it('the credit-scoring model is high because finance is a high-impact sector', async () => {
    const a = assessRisk(await read('credit-scoring.yaml'), agc!);
    expect(a.highImpactSector).toBe(true);
    expect(a.tierReasons.some((r) => r.startsWith('sector finance requires at least high'))).toBe(true);
    expect(a.obligations?.committee).toBe('ethics-committee');
  });
});
