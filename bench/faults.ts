import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { verifyChain } from '../events/chain.ts';
import type { ChainLink } from '../events/chain.ts';
import { decideAndDeploy, proposeAndOpen, VOTERS } from './drivers.ts';
import { createHarness, ensureStack, progress } from './harness.ts';
import type { Harness } from './harness.ts';
import { pool } from './stats.ts';

const program = new Command('faults')
  .description('Kills the worker, stops the broker, restarts the Temporal server mid-lifecycle; checks nothing is lost.')
  .option('--lifecycles <n>', 'lifecycles in flight per scenario', '20')
  .option('--broker-outage <seconds>', 'how long the Kafka broker stays down', '30')
  .option('--only <scenario>', 'run one scenario: worker-kill | broker-outage | temporal-restart')
  .option('--no-prebuilt-bundle', 'let the worker bundle its workflow code at every start (to compare)')
  .parse();
const opts = program.opts<{ lifecycles: string; brokerOutage: string; only?: string; prebuiltBundle: boolean }>();
const K = Number(opts.lifecycles);
const stackScript = fileURLToPath(new URL('../scripts/stack.sh', import.meta.url));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function stack(command: string): void {
  const r = spawnSync('bash', [stackScript, command], { stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`stack.sh ${command} failed`);
}

/** What an independent consumer saw of one system: every event exactly once after dedupe, in order, chained. */
function checkSystem(h: Harness, systemId: string, expected: number): string | null {
  const raw = h.watcher.seen(systemId).map((s) => s.value as unknown as ChainLink & { id: string });
  const unique = new Map<string, ChainLink & { id: string }>();
  for (const e of raw) if (!unique.has(e.id)) unique.set(e.id, e);
  const events = [...unique.values()];
  const seqs = events.map((e) => e.sequence);
  if (events.length !== expected) return `${systemId}: ${events.length} distinct events, expected ${expected}`;
  if (seqs.some((q, i) => q !== i + 1)) return `${systemId}: out of order or gapped after dedupe: ${seqs.join(',')}`;
  const verdict = verifyChain(raw, { keys: h.eventKeys });
  if (!verdict.ok) return `${systemId}: chain broken: ${verdict.problems.map((p) => `${p.kind}@${p.sequence}`).join(', ')}`;
  return null;
}

interface Outcome {
  scenario: string;
  lifecycles: number;
  recoverySeconds: number;
  /** From the break until every lifecycle is deployed. */
  totalSeconds: number;
  /** worker-kill only: from starting the new worker process until it polls. */
  restartToPollingSeconds?: number;
  duplicatesDeliveredBeforeDedupe: number;
  problems: string[];
}

/**
 * Opens K reviews, casts one vote each, runs the fault while the rest of the lifecycles go on, then checks. `fault`
 * breaks something, restores it, and resolves with the instants it broke and was restored; recovery runs from the
 * restore, the total from the break.
 */
async function scenario(
  h: Harness,
  name: string,
  expected: number,
  fault: () => Promise<{ brokenAt: number; restoredAt: number; restartToPollingSeconds?: number }>,
): Promise<Outcome> {
  const ids = Array.from({ length: K }, (_, i) => `${name}-${Date.now().toString(36)}-${i}`);
  progress(`${name}: opening ${K} reviews`);
  await pool(ids, 16, (id) => proposeAndOpen(h.gc, h.template, id));
  await pool(ids, 16, (id) => h.gc.castVote(id, { actor: VOTERS[0], vote: 'approve', rationale: 'Before the fault.' }).then(() => undefined));
  progress(`${name}: fault under way while the remaining votes and deployments go on`);
  const finishing = pool(ids, 16, (id) => decideAndDeploy(h.gc, h.watcher, h.template, id, { skipVoters: 1 }).then(() => undefined));
  const { brokenAt, restoredAt, restartToPollingSeconds } = await fault();
  await finishing;
  const recoverySeconds = (performance.now() - restoredAt) / 1000;
  const totalSeconds = (performance.now() - brokenAt) / 1000;
  await sleep(1000);
  const problems = ids.map((id) => checkSystem(h, id, expected)).filter((p): p is string => p !== null);
  const duplicates = ids.reduce((n, id) => {
    const all = h.watcher.seen(id);
    return n + all.length - new Set(all.map((s) => s.value.id)).size;
  }, 0);
  progress(`${name}: ${problems.length === 0 ? 'every lifecycle complete, every event once, in order, chain valid' : `${problems.length} PROBLEMS`}`);
  return { scenario: name, lifecycles: K, recoverySeconds, totalSeconds, restartToPollingSeconds, duplicatesDeliveredBeforeDedupe: duplicates, problems };
}

ensureStack();
const h = await createHarness('faults', { prebuiltBundle: opts.prebuiltBundle });
const outcomes: Outcome[] = [];
try {
  progress('calibrating: one lifecycle without faults');
  const probe = `calibrate-${Date.now().toString(36)}`;
  await proposeAndOpen(h.gc, h.template, probe);
  await decideAndDeploy(h.gc, h.watcher, h.template, probe);
  const expected = h.watcher.seen(probe).length;
  const run = (name: string) => !opts.only || opts.only === name;

  if (run('worker-kill')) {
    outcomes.push(await scenario(h, 'worker-kill', expected, async () => {
      await sleep(300);
      const brokenAt = performance.now();
      await h.worker.kill('SIGKILL');
      progress('worker-kill: worker killed with SIGKILL; restarting in 3 s');
      await sleep(3000);
      const restartToPollingSeconds = await h.worker.restart();
      progress(`worker-kill: the new worker polls ${restartToPollingSeconds.toFixed(1)} s after its process started`);
      return { brokenAt, restoredAt: performance.now(), restartToPollingSeconds };
    }));
  }
  if (run('broker-outage')) {
    outcomes.push(await scenario(h, 'broker-outage', expected, async () => {
      await sleep(300);
      const brokenAt = performance.now();
      stack('stop-kafka');
      progress(`broker-outage: broker stopped for ${opts.brokerOutage} s`);
      await sleep(Number(opts.brokerOutage) * 1000);
      stack('start-kafka');
      return { brokenAt, restoredAt: performance.now() };
    }));
  }
  if (run('temporal-restart')) {
    outcomes.push(await scenario(h, 'temporal-restart', expected, async () => {
      await sleep(300);
      const brokenAt = performance.now();
      stack('stop-temporal');
      progress('temporal-restart: Temporal server stopped; restarting on the same SQLite file in 5 s');
      await sleep(5000);
      stack('start-temporal');
      return { brokenAt, restoredAt: performance.now() };
    }));
  }
} finally {
  await h.close();
}
process.stdout.write('\nscenario          lifecycles  recovery s  total s  to polling s  redelivered  result\n');
process.stdout.write('(recovery: from the restore until every lifecycle is deployed; total: from the break; to polling: new worker process start to polling)\n');
for (const o of outcomes) {
  const result = o.problems.length === 0 ? 'ok' : `FAILED: ${o.problems.slice(0, 5).join('; ')}`;
  const polling = o.restartToPollingSeconds === undefined ? '-' : o.restartToPollingSeconds.toFixed(1);
  process.stdout.write(`${o.scenario.padEnd(18)}${String(o.lifecycles).padStart(10)}${o.recoverySeconds.toFixed(1).padStart(12)}${o.totalSeconds.toFixed(1).padStart(9)}${polling.padStart(14)}${String(o.duplicatesDeliveredBeforeDedupe).padStart(13)}  ${result}\n`);
}
process.exit(outcomes.every((o) => o.problems.length === 0) ? 0 : 1);
