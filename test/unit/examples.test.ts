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
  ['benefits-caseload-sorter.yaml', 'limited', 'high'],
  ['grid-load-forecaster.yaml', 'high', 'high'],
  ['open-weights-llm.yaml', 'limited', 'limited'],
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

  it('the benefits caseload sorter claims the Art. 6(3) derogation, stays high, and carries Art. 27 and Art. 72 duties with their dates', async () => {
    const a = assessRisk(await read('benefits-caseload-sorter.yaml'), eu!, { assessedFor: '2026-12-02' });
    expect(a.derogation?.status).toBe('claimed');
    const byId = new Map(a.obligations?.conditions.map((c) => [c.id, c]));
    expect(byId.get('art6-3-derogation-decision')?.source).toBe('EU AI Act Art. 6(3)');
    expect(byId.get('fundamental-rights-impact-assessment')?.appliesFrom).toBe('2027-12-02');
    expect(byId.get('post-market-monitoring-report')?.recurs).toBe('P12M');
  });

  it('the grid load forecaster reports a critical-infrastructure disruption within 2 days (EU AI Act Art. 73(3))', async () => {
    const a = assessRisk(await read('grid-load-forecaster.yaml'), eu!);
    expect(a.obligations?.incidentDeadlines).toMatchObject({ critical_infrastructure: 'P2D', death: 'P10D', serious: 'P15D' });
    expect(a.obligations?.suspendOn).toContain('critical_infrastructure');
  });

  it('the open-weights model is told which parts of its training-data summary are missing', async () => {
    const a = assessRisk(await read('open-weights-llm.yaml'), agc!);
    const c = a.obligations?.conditions.find((x) => x.id === 'training-data-summary-complete');
    expect(c?.description).toContain('the top web domains of its public web data; that copyright opt-outs were honoured');
  });
});
