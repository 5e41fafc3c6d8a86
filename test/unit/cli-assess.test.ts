import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { RiskAssessment } from '../../domain/assess-risk.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

async function govflow(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)('node', ['bin/govflow.js', ...args], { cwd: ROOT });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

describe('govflow assess', () => {
  it('prints the tier, pillar scores and each fired rule with its reason', async () => {
    const r = await govflow('assess', 'examples/hospital-triage.yaml');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^tier: high {3}\(policy ai-governance-code-2026@1\.1\.0\+[0-9a-f]{12}/);
    expect(r.stdout).toMatch(/privacy_protection\s+15/);
    expect(r.stdout).toContain(
      '+15 privacy_protection privacy-sensitive-data: Processes sensitive categories of personal data.',
    );
    expect(r.stdout).toContain('condition audit-trail (due before deployment; AI Governance Code 2026, audit trails)');
  });

  it('states the date it assessed for and marks the duties not yet in force on it (EU AI Act Art. 113, Digital Omnibus)', async () => {
    const r = await govflow('assess', 'examples/benefits-caseload-sorter.yaml', '--policy', 'eu-ai-act', '--on', '2026-12-02');
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[1]).toBe('assessed for 2026-12-02');
    expect(r.stdout).toContain('condition conformity-assessment (due before deployment; EU AI Act Art. 43; applies from 2027-12-02, not yet in force)');
    expect(r.stdout).toContain('due P12M after approval, then every P12M; EU AI Act Art. 72');
    expect(r.stdout).toContain('derogation claimed (preparatory_task), claimed');
    const bad = await govflow('assess', 'examples/benefits-caseload-sorter.yaml', '--on', 'next-year');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--on: must be a date such as 2027-12-02');
  });

  it('prints the risk assessment as JSON with --json, under the chosen pack', async () => {
    const r = await govflow('assess', 'examples/social-scoring.yaml', '--policy', 'eu-ai-act', '--json');
    expect(r.code).toBe(0);
    const a = RiskAssessment.parse(JSON.parse(r.stdout));
    expect(a.tier).toBe('prohibited');
    expect(a.prohibitedMatches.map((m) => m.id)).toEqual(['art5-social-scoring', 'screening-social-scoring']);
    expect(a.screening?.answers.find((x) => x.questionId === 'social-scoring')?.answer).toBe(true);
  });

  it('exits non-zero with one line per bad field on a malformed proposal', async () => {
    const r = await govflow('assess', 'test/unit/fixtures/malformed-proposal.yaml');
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines[0]).toBe('govflow: invalid proposal test/unit/fixtures/malformed-proposal.yaml');
    expect(lines.slice(1).map((l) => l.trim().split(':')[0])).toEqual([
      'systemId',
      'sector',
      'affected.monthlyUsers',
      'colour',
    ]);
  });

  it('exits non-zero naming the bad fields of a malformed pack', async () => {
    const r = await govflow(
      'assess',
      'examples/document-search.yaml',
      '--policy',
      'broken-pack',
      '--policy-dir',
      'test/unit/fixtures',
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('govflow: invalid policy pack broken-pack');
    expect(r.stderr).toContain('  thresholds: limited must be lower than high');
  });

  it('exits non-zero when the proposal file does not exist', async () => {
    const r = await govflow('assess', 'examples/absent.yaml');
    expect(r.code).toBe(4);
    expect(r.stderr).toContain('cannot read examples/absent.yaml');
  });
});
