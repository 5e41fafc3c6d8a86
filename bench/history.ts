import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { parse, stringify } from 'yaml';
import { parseDuration } from '../domain/durations.ts';
import { Proposal } from '../domain/proposal.ts';
import type { LifecycleState } from '../domain/lifecycle/state.ts';
import { workflowIdOf } from '../workflows/messages.ts';
import { createHarness, ensureStack, progress } from './harness.ts';
import type { Harness } from './harness.ts';

const program = new Command('history')
  .description('Runs systems through 20 simulated years of operating life and reports how long their histories grow.')
  .option('--years <n>', 'simulated years', '20')
  .option('--month-seconds <s>', 'real seconds per simulated month', '1')
  .parse();
const opts = program.opts<{ years: string; monthSeconds: string }>();
const years = Number(opts.years);
const monthSeconds = Number(opts.monthSeconds);
const root = fileURLToPath(new URL('..', import.meta.url));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** An ISO duration compressed so that one month lasts `monthSeconds` real seconds (30-day months). */
function compress(iso: string): string {
  const d = parseDuration(iso);
  if (!d) return iso;
  const months = d.years * 12 + d.months + (d.weeks * 7 + d.days) / 30 + (d.hours + d.minutes / 60 + d.seconds / 3600) / 720;
  return `PT${Math.max(0.05, months * monthSeconds).toFixed(3)}S`;
}

/** The bench pack with every duration compressed, as pack `sim` in a temporary policy directory. */
function writeSimPack(): string {
  const dir = mkdtempSync(`${os.tmpdir()}/govflow-sim-`);
  cpSync(`${root}policies`, dir, { recursive: true });
  const walk = (v: unknown): unknown =>
    typeof v === 'string' && /^P(?!$)/.test(v) && parseDuration(v) ? compress(v)
      : Array.isArray(v) ? v.map(walk)
      : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]))
      : v;
  const pack = walk(parse(readFileSync(`${root}policies/bench.yaml`, 'utf8'))) as Record<string, unknown>;
  writeFileSync(`${dir}/sim.yaml`, stringify({ ...pack, name: 'sim', title: `bench pack, one month = ${monthSeconds} s` }));
  return dir;
}

const example = (name: string) => Proposal.parse(parse(readFileSync(`${root}examples/${name}.yaml`, 'utf8')));

/** Keeps one system alive: answers every re-review with approvals and files every transparency report when due. */
async function operate(h: Harness, template: Proposal, systemId: string, until: number): Promise<void> {
  await h.gc.startLifecycle({ ...template, systemId }, { actor: template.proposer });
  const voted = new Set<string>();
  let deployed = false;
  const filed = new Set<number>();
  while (performance.now() < until) {
    const s: LifecycleState | null = await h.gc.getState(systemId).catch(() => null);
    if (s?.review) {
      for (const voter of s.review.expectedVoters.filter((v) => !s.review!.votes.some((x) => x.voter === v)).slice(0, s.review.minVotes)) {
        const key = `${s.review.round}:${voter}`;
        if (voted.has(key)) continue;
        voted.add(key);
        await h.gc.castVote(systemId, { actor: voter, vote: 'approve', rationale: 'Re-review: still fit for purpose.' }).catch(() => undefined);
      }
    } else if (s?.stage === 'approved' && !deployed) {
      for (const c of s.conditions.filter((c) => c.status === 'open')) {
        await h.gc.satisfyCondition(systemId, { actor: template.owner, conditionId: c.id, evidence: 'Simulated evidence.' }).catch(() => undefined);
      }
      await h.gc.recordDeployment(systemId, { actor: template.owner, environment: 'production', version: template.model.version ?? '1.0.0' }).catch(() => undefined);
      deployed = (await h.gc.getState(systemId)).stage === 'deployed';
    }
    if (s?.transparency && s.transparency.status !== 'scheduled' && !filed.has(s.transparency.period) && template.trainingDataSummary) {
      filed.add(s.transparency.period);
      await h.gc.submitTransparencyReport(systemId, { actor: template.owner, trainingDataSummary: template.trainingDataSummary, changes: `Period ${s.transparency.period}: no material change.` }).catch(() => undefined);
    }
    await sleep(Math.max(20, monthSeconds * 50));
  }
  await h.gc.retire(systemId, { actor: template.owner, reason: `End of the ${years}-year simulation.` });
}

/** History length of every run of a system's workflow, oldest first. */
async function runLengths(h: Harness, systemId: string): Promise<number[]> {
  const runs: { runId: string; start: number }[] = [];
  for await (const w of h.client.workflow.list({ query: `WorkflowId = '${workflowIdOf(systemId)}'` })) runs.push({ runId: w.runId, start: w.startTime.getTime() });
  runs.sort((a, b) => a.start - b.start);
  const lengths: number[] = [];
  for (const r of runs) lengths.push((await h.client.workflow.getHandle(workflowIdOf(systemId), r.runId).fetchHistory()).events?.length ?? 0);
  return lengths;
}

ensureStack();
process.env.GOVFLOW_POLICY_DIR = writeSimPack();
process.env.GOVFLOW_POLICY_PACK = 'sim';
const h = await createHarness('history');
try {
  const seconds = years * 12 * monthSeconds;
  progress(`${years} simulated years in ${seconds} s: a high-tier credit model (re-review every 6 months) and a large generative chatbot (transparency report every 6 months)`);
  const systems = [
    { id: `sim-credit-${Date.now().toString(36)}`, template: example('credit-scoring') },
    { id: `sim-chatbot-${Date.now().toString(36)}`, template: example('generative-chatbot') },
  ];
  const until = performance.now() + seconds * 1000;
  const ticker = setInterval(() => progress(`  ${Math.round(((performance.now() - (until - seconds * 1000)) / (seconds * 1000)) * years)} simulated years`), 15_000);
  await Promise.all(systems.map((s) => operate(h, s.template, s.id, until)));
  clearInterval(ticker);
  await sleep(3000);
  process.stdout.write('\nsystem                          runs (cycles)  events  history per run: mean / max  largest history\n');
  for (const s of systems) {
    const lengths = await runLengths(h, s.id);
    const state = await h.client.workflow.getHandle(workflowIdOf(s.id)).result().catch(() => null);
    const mean = lengths.reduce((a, b) => a + b, 0) / lengths.length;
    process.stdout.write(
      `${s.id.padEnd(32)}${String(lengths.length).padStart(13)}${String((state as { sequence?: number } | null)?.sequence ?? '?').padStart(8)}` +
        `${`${mean.toFixed(0)} / ${Math.max(...lengths)}`.padStart(29)}${String(Math.max(...lengths)).padStart(17)}\n`,
    );
  }
} finally {
  await h.close();
}
