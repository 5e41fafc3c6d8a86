import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { parseDataText, loadPolicyPack } from '../../adapters/policy-files.ts';
import { IsoDate } from '../../domain/approval-condition.ts';
import { assessRisk } from '../../domain/assess-risk.ts';
import type { RiskAssessment } from '../../domain/assess-risk.ts';
import { DomainError, ErrorCode } from '../../domain/errors.ts';
import { parseProposal } from '../../domain/proposal.ts';

const DEFAULT_POLICY = 'ai-governance-code-2026';
const DEFAULT_POLICY_DIR = fileURLToPath(new URL('../../policies', import.meta.url));

/** Options of `govflow assess`. */
export interface AssessOptions {
  policy: string;
  policyDir: string;
  json?: boolean;
  /** The date to assess for (`YYYY-MM-DD`); today when absent. */
  on?: string;
}

/** Reads, validates and assesses a proposal file; throws a DomainError naming every bad field. */
export async function assessFile(file: string, opts: AssessOptions): Promise<RiskAssessment> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new DomainError(ErrorCode.notFound, `cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  const raw = (() => {
    try {
      return parseDataText(text, file);
    } catch (e) {
      throw e instanceof DomainError ? new DomainError(ErrorCode.invalidInput, e.message, e.issues) : e;
    }
  })();
  const assessedFor = opts.on ?? new Date().toISOString().slice(0, 10);
  const date = IsoDate.safeParse(assessedFor);
  if (!date.success)
    throw new DomainError(ErrorCode.invalidInput, `invalid --on: must be a date such as 2027-12-02`, [
      { path: '--on', message: 'must be a date such as 2027-12-02' },
    ]);
  const pack = await loadPolicyPack(opts.policyDir, opts.policy);
  const proposal = parseProposal(raw, `proposal ${file}`);
  return assessRisk(proposal, pack, { assessedFor });
}

/** The screening part of an assessment: the yes answers, any unanswered question, and each flag with its reason. */
export function renderScreening(a: RiskAssessment): string[] {
  if (!a.screening) return [];
  const { answers, flags } = a.screening;
  const yes = answers.filter((x) => x.answer === true).map((x) => x.questionId);
  const open = answers.filter((x) => x.answer === null).map((x) => x.questionId);
  const lines = ['', `screening: ${answers.length} questions, yes to ${yes.length ? yes.join(', ') : 'none'}`];
  if (open.length) lines.push(`  unanswered (a proposal is refused until they are): ${open.join(', ')}`);
  for (const f of flags) lines.push(`  flag ${f.flagId} (${f.source}): ${f.explanation}`);
  return lines;
}

/** Renders an assessment for people: tier and why, pillar scores, fired rules, obligations. */
export function renderAssessment(a: RiskAssessment): string {
  const lines = [`tier: ${a.tier}   (policy ${a.policyVersion}, total score ${a.totalScore})`];
  if (a.assessedFor) lines.push(`assessed for ${a.assessedFor}`);
  lines.push('', 'why this tier:');
  for (const r of a.tierReasons) lines.push(`  - ${r}`);
  lines.push('', 'pillar scores:');
  for (const [pillar, score] of Object.entries(a.pillarScores)) lines.push(`  ${pillar.padEnd(20)} ${score}`);
  lines.push('', a.firedRules.length ? 'fired rules:' : 'fired rules: none');
  for (const r of a.firedRules) lines.push(`  +${r.score} ${r.pillar} ${r.ruleId}: ${r.reason}`);
  lines.push(...renderScreening(a));
  const o = a.obligations;
  if (!o) {
    lines.push('', 'no review can approve a prohibited use.');
    return lines.join('\n');
  }
  lines.push(
    '',
    'obligations:',
    `  committee ${o.committee}: at least ${o.quorum.minVotes} votes, approval share ${o.quorum.approvalShare}, ${o.minDistinctApprovers} distinct approver(s)`,
    `  review deadline ${o.reviewDeadline}${o.reminders.length ? `, reminders ${o.reminders.join(', ')} before it` : ''}`,
    `  re-review every ${o.reReviewInterval}`,
  );
  for (const c of o.conditions) {
    const due = c.dueBefore === 'deployment' ? 'before deployment' : `${c.dueBefore} after approval${c.recurs ? `, then every ${c.recurs}` : ''}`;
    const from = [c.pack, c.source].filter(Boolean).join(', ');
    const applies = c.appliesFrom ? `; applies from ${c.appliesFrom}${a.assessedFor && c.appliesFrom > a.assessedFor ? ', not yet in force' : ''}` : '';
    lines.push(`  condition ${c.id} (due ${due}${from ? `; ${from}` : ''}${applies}): ${c.description}`);
  }
  const d = o.incidentDeadlines;
  lines.push(`  incident reports within: ${Object.entries(d).map(([k, v]) => `${k} ${v}`).join(', ')}`);
  if (a.derogation) lines.push(`  derogation claimed (${a.derogation.ground}), ${a.derogation.status}: ${a.derogation.explanation}`);
  if (o.transparencyReport)
    lines.push(`  transparency report every ${o.transparencyReport.cadence} (grace ${o.transparencyReport.grace})`);
  return lines.join('\n');
}

function reportError(err: unknown): number {
  if (!(err instanceof DomainError)) {
    process.stderr.write(`govflow: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
  const head = err.issues.length ? err.message.split(':')[0] : err.message;
  process.stderr.write(`govflow: ${head}\n`);
  for (const i of err.issues) process.stderr.write(`  ${i.path}: ${i.message}\n`);
  return err.code === ErrorCode.notFound ? 4 : 2;
}

/** Registers `govflow assess <proposal> [--policy <pack>] [--policy-dir <dir>] [--json]`. */
export function registerAssessCommand(program: Command): void {
  program
    .command('assess')
    .description('assess a proposal file against a policy pack, offline: tier, pillar scores, fired rules, obligations')
    .argument('<proposal>', 'proposal file (YAML or JSON)')
    .option('--policy <pack>', 'policy pack name', DEFAULT_POLICY)
    .option('--policy-dir <dir>', 'directory holding policy packs', DEFAULT_POLICY_DIR)
    .option('--json', 'print the risk assessment as JSON')
    .option('--on <date>', 'the date to assess for, YYYY-MM-DD (default: today): duties not yet in force are marked')
    .action(async (file: string, opts: AssessOptions) => {
      try {
        const assessment = await assessFile(file, opts);
        process.stdout.write(`${opts.json ? JSON.stringify(assessment, null, 2) : renderAssessment(assessment)}\n`);
      } catch (err) {
        process.exitCode = reportError(err);
      }
    });
}
