import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { restartDelay, supervise } from '../../../scripts/supervise.mjs';

const node = (script: string) => () => spawn(process.execPath, ['-e', script], { stdio: 'ignore' });
const until = async (check: () => boolean, what: string, ms = 10_000): Promise<void> => {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
};
const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('restartDelay', () => {
  it.each([
    [0, 500],
    [1, 1000],
    [3, 4000],
    [6, 30_000],
    [1000, 30_000],
  ])('restart %i waits %i ms (doubling from 0.5 s, capped at 30 s)', (attempt, ms) => {
    expect(restartDelay(attempt, { initialMs: 500, maxMs: 30_000 })).toBe(ms);
  });
});

describe('supervise', () => {
  it('restarts a crashing child with growing delays and one log line per restart naming it, its exit and the delay', async () => {
    const lines: string[] = [];
    const s = supervise({ name: 'crasher', start: node('process.exit(3)'), log: (l: string) => lines.push(l), initialDelayMs: 20, maxDelayMs: 80 });
    await until(() => lines.filter((l) => l.includes('restarting')).length >= 4, 'four restarts');
    await s.stop();
    const restarts = lines.filter((l) => l.includes('restarting'));
    expect(restarts[0]).toMatch(/^crasher \(pid \d+\) exited with exit code 3 after \d+\.\d s; restarting in 0\.0 s \(restart 1\)$/);
    expect(restarts.slice(0, 4).map((l) => /restart (\d+)\)/.exec(l)?.[1])).toEqual(['1', '2', '3', '4']);
    const count = lines.length;
    await new Promise((r) => setTimeout(r, 200));
    expect(lines.length).toBe(count); // stopped: nothing restarts any more
  });

  it('restarts a child killed by a signal, and stop() after that kill returns at once', async () => {
    const lines: string[] = [];
    const s = supervise({ name: 'sleeper', start: node('setInterval(() => {}, 1000)'), log: (l: string) => lines.push(l), initialDelayMs: 10 });
    await until(() => s.pid !== undefined, 'the first child');
    const first = s.pid!;
    process.kill(first, 'SIGKILL');
    await until(() => s.pid !== undefined && s.pid !== first, 'a new child');
    expect(lines.some((l) => l.startsWith(`sleeper (pid ${first}) exited with signal SIGKILL`))).toBe(true);
    const second = s.pid!;
    process.kill(second, 'SIGKILL');
    await until(() => lines.some((l) => l.startsWith(`sleeper (pid ${second}) exited`)), 'the second exit');
    await s.stop(); // the exit event has already fired: stop must not wait for another
    expect(alive(first) || alive(second)).toBe(false);
  });

  it('stops a running child with SIGTERM, and with SIGKILL when it ignores SIGTERM', async () => {
    const polite = supervise({ name: 'polite', start: node('setInterval(() => {}, 1000)'), log: () => {} });
    await until(() => polite.pid !== undefined, 'polite child');
    const politePid = polite.pid!;
    await polite.stop();
    expect(alive(politePid)).toBe(false);

    const lines: string[] = [];
    const stubborn = supervise({
      name: 'stubborn',
      start: () => spawn(process.execPath, ['-e', "process.on('SIGTERM', () => {}); process.send('ready'); setInterval(() => {}, 1000)"], { stdio: ['ignore', 'ignore', 'ignore', 'ipc'] }),
      log: (l: string) => lines.push(l),
      stopTimeoutMs: 300,
    });
    await until(() => stubborn.pid !== undefined, 'stubborn child');
    await new Promise((r) => setTimeout(r, 300)); // its SIGTERM handler is installed
    const stubbornPid = stubborn.pid!;
    await stubborn.stop();
    expect(alive(stubbornPid)).toBe(false);
    expect(lines.some((l) => l.includes('did not stop within 0.3 s; sending SIGKILL'))).toBe(true);
  });

  it('resets the backoff after a healthy run', async () => {
    const lines: string[] = [];
    const s = supervise({ name: 'steady', start: node('setTimeout(() => process.exit(1), 150)'), log: (l: string) => lines.push(l), initialDelayMs: 10, healthyAfterMs: 100 });
    await until(() => lines.filter((l) => l.includes('restarting')).length >= 3, 'three restarts');
    await s.stop();
    expect(lines.filter((l) => l.includes('restarting')).slice(0, 3).every((l) => l.includes('(restart 1)'))).toBe(true);
  });
});
