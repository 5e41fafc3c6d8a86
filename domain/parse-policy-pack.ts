import { z } from 'zod';
import { conditionPaths } from './conditions.ts';
import type { Condition } from './conditions.ts';
import { compareDurations } from './durations.ts';
import { DomainError, ErrorCode, toFieldIssues } from './errors.ts';
import { describeIssues, fieldIssues } from './field-issues.ts';
import { checkPackLimits } from './pack-limits.ts';
import type { FieldIssue } from './errors.ts';
import { PolicyPackFile, ReviewTier } from './policy-pack.ts';
import type { PolicyPack } from './policy-pack.ts';
import { Proposal } from './proposal.ts';

type JsonSchema = { type?: string | string[]; properties?: Record<string, JsonSchema>; anyOf?: JsonSchema[] };

function collectPaths(schema: JsonSchema, prefix: string, into: Set<string>): void {
  for (const branch of schema.anyOf ?? []) collectPaths(branch, prefix, into);
  for (const [key, sub] of Object.entries(schema.properties ?? {})) {
    const path = prefix ? `${prefix}.${key}` : key;
    into.add(path);
    collectPaths(sub, path, into);
  }
}

let knownPaths: Set<string> | undefined;
/** Every dotted field path of a proposal, derived from its schema, so a typo in a pack is an error, not a silent no-op. */
export function proposalPaths(): ReadonlySet<string> {
  if (!knownPaths) {
    knownPaths = new Set<string>();
    collectPaths(z.toJSONSchema(Proposal, { io: 'input' }) as JsonSchema, '', knownPaths);
  }
  return knownPaths;
}

function checkPaths(cond: Condition, path: (string | number)[], issues: FieldIssue[]): void {
  const known = proposalPaths();
  for (const p of conditionPaths(cond))
    if (!known.has(p)) issues.push(...toFieldIssues([{ path, message: `unknown proposal field ${p}` }]));
}

function duplicates(ids: string[]): string[] {
  return ids.filter((x, i) => ids.indexOf(x) !== i);
}

/** Screening: unique question and flag ids, flags that name a question of the pack and read known fields. */
function checkScreening(pack: PolicyPackFile, issues: FieldIssue[]): void {
  const s = pack.screening;
  if (!s) return;
  const ids = s.questions.map((q) => q.id);
  for (const d of duplicates(ids)) issues.push({ path: 'screening.questions', message: `duplicate question id ${d}` });
  for (const d of duplicates(s.flags.map((f) => f.id))) issues.push({ path: 'screening.flags', message: `duplicate flag id ${d}` });
  s.flags.forEach((f, i) => {
    if (!ids.includes(f.question))
      issues.push({ path: `screening.flags[${i}].question`, message: `no screening question ${f.question} in this pack` });
    checkPaths(f.when, ['screening', 'flags', i, 'when'], issues);
  });
  s.questions.forEach((q, i) => {
    const e = q.ifYes.exemption;
    if (!e) return;
    e.answeredYes.forEach((id, j) => {
      if (!ids.includes(id))
        issues.push({ path: `screening.questions[${i}].ifYes.exemption.answeredYes[${j}]`, message: `no screening question ${id} in this pack` });
    });
  });
}

/** Checks what the schema alone cannot: unique ids, known paths, ordered thresholds, sane quorums and reminders. */
export function checkPackSemantics(pack: PolicyPackFile): FieldIssue[] {
  const issues: FieldIssue[] = [];
  for (const d of duplicates(pack.rules.map((r) => r.id)))
    issues.push({ path: 'rules', message: `duplicate rule id ${d}` });
  for (const d of duplicates(pack.prohibitedUses.map((r) => r.id)))
    issues.push({ path: 'prohibitedUses', message: `duplicate prohibited use id ${d}` });
  pack.rules.forEach((r, i) => checkPaths(r.when, ['rules', i, 'when'], issues));
  pack.prohibitedUses.forEach((u, i) => checkPaths(u.when, ['prohibitedUses', i, 'when'], issues));
  pack.extraConditions.forEach((x, i) => checkPaths(x.when, ['extraConditions', i, 'when'], issues));
  if (pack.transparencyReport) checkPaths(pack.transparencyReport.when, ['transparencyReport', 'when'], issues);
  if (pack.trainingDataCompleteness)
    checkPaths(pack.trainingDataCompleteness.when, ['trainingDataCompleteness', 'when'], issues);
  checkScreening(pack, issues);
  if (pack.thresholds.limited >= pack.thresholds.high)
    issues.push({ path: 'thresholds', message: 'limited must be lower than high' });
  for (const tier of ReviewTier.options) {
    const t = pack.tiers[tier];
    const at = `tiers.${tier}`;
    if (t.minDistinctApprovers > t.quorum.minVotes)
      issues.push({ path: `${at}.minDistinctApprovers`, message: 'cannot exceed quorum.minVotes' });
    if (t.quorum.minVotes > t.minCommitteeMembers)
      issues.push({ path: `${at}.quorum.minVotes`, message: 'cannot exceed minCommitteeMembers' });
    t.reminders.forEach((r, i) => {
      if (compareDurations(r, t.reviewDeadline) >= 0)
        issues.push({ path: `${at}.reminders[${i}]`, message: 'a reminder must come before the review deadline' });
    });
    for (const d of duplicates(t.conditions.map((c) => c.id)))
      issues.push({ path: `${at}.conditions`, message: `duplicate condition id ${d}` });
  }
  if (pack.tiers.high.minDistinctApprovers < 2)
    issues.push({ path: 'tiers.high.minDistinctApprovers', message: 'high tier needs at least 2 distinct approvers' });
  issues.push(...checkPackLimits(pack));
  return issues;
}

/** Parses raw pack data (from YAML or JSON) into a PolicyPack, or throws INVALID_POLICY naming every bad field. */
export function parsePolicyPack(raw: unknown, contentHash: string): PolicyPack {
  const r = PolicyPackFile.safeParse(raw);
  const issues = r.success ? checkPackSemantics(r.data) : fieldIssues(r.error.issues);
  if (!/^[0-9a-f]{64}$/.test(contentHash))
    issues.push({ path: '(contentHash)', message: 'must be a sha256 hex digest' });
  if (!r.success || issues.length > 0) {
    const name = typeof raw === 'object' && raw !== null && 'name' in raw ? String(raw.name) : 'policy pack';
    throw new DomainError(ErrorCode.invalidPolicy, describeIssues(`invalid policy pack ${name}`, issues), issues);
  }
  const policyVersion = `${r.data.name}@${r.data.version}+${contentHash.slice(0, 12)}`;
  return { ...r.data, contentHash, policyVersion };
}
