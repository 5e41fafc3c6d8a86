// `npm start` itself, against the stack the suite runs on: its worker and its API are killed and come back, the stack
// stays up, and Ctrl-C leaves no process and no port behind.
import { spawn } from 'node:child_process';
import { hostname } from 'node:os';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { stackRunning } from '../../scripts/setup.mjs';
import { alive, eventually, freePort, portFree } from './helpers/processes.ts';
import { connectClient, testConfig, uniqueName } from './helpers/temporal.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));

describe('npm start', () => {
  const seen: number[] = [];
  afterAll(() => {
    for (const pid of seen) if (alive(pid)) process.kill(pid, 'SIGKILL'); // whatever failed, leave nothing running
  });

  it('restarts a killed worker and a killed API while the stack stays up, and Ctrl-C stops everything it started', async () => {
    const port = await freePort();
    const taskQueue = uniqueName('npm-start');
    const env = { ...process.env, GOVFLOW_API_PORT: String(port), GOVFLOW_TASK_QUEUE: taskQueue, GOVFLOW_TOPIC: uniqueName('govflow-npm-start') };
    // Its own process group, like a terminal's foreground job, so Ctrl-C can be sent the way a terminal sends it.
    const npm = spawn('npm', ['start'], { cwd: root, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    seen.push(npm.pid!);
    let output = '';
    npm.stdout.on('data', (d: Buffer) => (output += d.toString()));
    npm.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const exited = new Promise<string>((resolve) => npm.once('exit', (code, signal) => resolve(signal ?? `code ${code}`)));
    const pidsOf = (name: string) => [...output.matchAll(new RegExp(`\\[govflow\\] ${name} started \\(pid (\\d+)\\)`, 'g'))].map((m) => Number(m[1]));
    const healthy = async () => (await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => undefined))?.ok === true;
    const { client, close } = await connectClient();
    const polling = async (pid: number) => {
      const { pollers } = await client.workflowService.describeTaskQueue({
        namespace: testConfig.GOVFLOW_TEMPORAL_NAMESPACE,
        taskQueue: { name: taskQueue },
        taskQueueType: 1, // workflow tasks
      });
      return (pollers ?? []).some((p) => p.identity === `${pid}@${hostname()}`);
    };
    const newPid = (name: string, count: number) => eventually(() => pidsOf(name)[count - 1], `${name} start number ${count}\n${output}`);
    try {
      const worker1 = await newPid('worker', 1);
      const api1 = await newPid('api', 1);
      seen.push(worker1, api1);
      await eventually(() => output.includes('govflow is running:'), `npm start to be up\n${output}`, 120_000);
      expect(await healthy()).toBe(true);
      await eventually(() => /\[notify\] notifications reading /.test(output), `the notifier to be up\n${output}`);
      await eventually(() => polling(worker1), 'the first worker to poll');
      expect(output).toContain('workflow bundle up to date'); // built before the worker started, not by the worker

      process.kill(worker1, 'SIGKILL');
      const worker2 = await newPid('worker', 2);
      seen.push(worker2);
      await eventually(() => polling(worker2), `the restarted worker to poll\n${output}`);
      expect(output).toMatch(new RegExp(`worker \\(pid ${worker1}\\) exited with signal SIGKILL after [\\d.]+ s; restarting in 0\\.5 s \\(restart 1\\)`));
      expect(await healthy()).toBe(true);
      expect(pidsOf('api')).toEqual([api1]); // the API was not touched

      process.kill(api1, 'SIGKILL');
      const api2 = await newPid('api', 2);
      seen.push(api2);
      await eventually(healthy, `the restarted API to answer\n${output}`);
      expect(output).toMatch(new RegExp(`api \\(pid ${api1}\\) exited with signal SIGKILL`));
      expect(output).not.toContain('bundling the workflow code at start-up');
      expect(stackRunning()).toBe(true);

      process.kill(-npm.pid!, 'SIGINT');
      // npm passes the Ctrl-C on and, having been interrupted itself, ends by it once the supervisor exits 0.
      expect(['code 0', 'SIGINT']).toContain(await exited);
      expect(output).toContain('[govflow] stopping worker and API');
      expect(output).toContain('[govflow] stopped\n');
      expect(output).toContain('[notify] notifications stopped');
      for (const pid of [worker2, api2]) expect(alive(pid), `pid ${pid} still running`).toBe(false);
      expect(await portFree(port)).toBe(true);
      expect(output).toContain('the stack was already running; it stays');
      expect(stackRunning()).toBe(true); // it did not start the stack, so it leaves it up
    } finally {
      await close();
    }
  }, 240_000);
});
