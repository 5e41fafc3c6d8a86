// Keeps one child process running for `npm start`: restarts it when it exits on its own, with exponential backoff,
// until it is stopped. Node built-ins only, like the rest of the start-up scripts.

/** The delay before restart number `attempt` (0-based): doubling from `initialMs`, never above `maxMs`. */
export function restartDelay(attempt, { initialMs, maxMs }) {
  return Math.min(maxMs, initialMs * 2 ** Math.min(attempt, 30));
}

const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;
const describeExit = (code, signal) => (signal ? `signal ${signal}` : `exit code ${code}`);

/**
 * Starts `start()` and restarts it whenever it exits while not stopping. A run of at least `healthyAfterMs` resets
 * the backoff, so a crash after a day of service restarts at once while a crash loop slows down to `maxDelayMs`.
 */
export function supervise({
  name,
  start,
  log,
  initialDelayMs = 500,
  maxDelayMs = 30_000,
  healthyAfterMs = 60_000,
  stopTimeoutMs = 15_000,
}) {
  let child;
  let running = false;
  let startedAt = 0;
  let attempt = 0;
  let restartTimer;
  let stopping = false;
  let exited = Promise.resolve();

  function launch() {
    restartTimer = undefined;
    startedAt = performance.now();
    child = start();
    running = true;
    const current = child;
    // 'exit' is the one event that says the process is gone; a failed spawn emits 'error' and may never exit.
    exited = new Promise((resolve) => {
      let done = false;
      const finish = (code, signal) => {
        if (done) return;
        done = true;
        running = false;
        resolve();
        onExit(current, code, signal);
      };
      current.once('exit', finish);
      current.once('error', (err) => {
        log(`${name}: ${err.message}`);
        if (current.pid === undefined) finish(null, null);
      });
    });
    if (current.pid !== undefined) log(`${name} started (pid ${current.pid})`);
  }

  function onExit(exitedChild, code, signal) {
    if (stopping) return;
    const ranMs = performance.now() - startedAt;
    if (ranMs >= healthyAfterMs) attempt = 0;
    const delay = restartDelay(attempt, { initialMs: initialDelayMs, maxMs: maxDelayMs });
    attempt += 1;
    log(
      `${name} (pid ${exitedChild.pid ?? '-'}) exited with ${describeExit(code, signal)} after ${seconds(ranMs)}; ` +
        `restarting in ${seconds(delay)} (restart ${attempt})`,
    );
    restartTimer = setTimeout(launch, delay);
  }

  /** Stops the child: SIGTERM, then SIGKILL after `stopTimeoutMs`; resolves once it has exited (at once if it has). */
  async function stop() {
    stopping = true;
    if (restartTimer) clearTimeout(restartTimer);
    restartTimer = undefined;
    if (!child || !running) return;
    const target = child;
    target.kill('SIGTERM');
    const killer = setTimeout(() => {
      log(`${name} (pid ${target.pid}) did not stop within ${seconds(stopTimeoutMs)}; sending SIGKILL`);
      target.kill('SIGKILL');
    }, stopTimeoutMs);
    await exited;
    clearTimeout(killer);
  }

  launch();
  return {
    get pid() {
      return running ? child.pid : undefined;
    },
    stop,
  };
}
