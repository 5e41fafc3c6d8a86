import type { Channel, Delivery, DeliveryLedger } from './ledger.ts';
import { DeliveryError, type Sender } from './delivery-error.ts';

/** The wait before the next attempt after `attempts` failed ones: 1 s, 2 s, 4 s ... at most 10 minutes. */
export const backoffMs = (attempts: number): number => Math.min(1000 * 2 ** Math.max(0, attempts - 1), 600_000);

/** Sends what the ledger has pending, one delivery at a time, and records each outcome before the next. */
export interface Dispatcher {
  /** Sends every delivery due now; resolves with how many were attempted. */
  drain(): Promise<number>;
  /** Drains now and then every `pollMs` until stopped. */
  start(): void;
  /** Asks for a drain soon (new deliveries were planned). */
  kick(): void;
  stop(): Promise<void>;
}

/** The loop that turns planned deliveries into sent ones, with retries and backoff, never two sends of one row at once. */
export function createDispatcher(opts: {
  ledger: DeliveryLedger;
  senders: Partial<Record<Channel, Sender>>;
  maxAttempts: number;
  pollMs?: number;
  now?: () => number;
  onOutcome?: (d: Delivery, outcome: 'sent' | 'retry' | 'failed', error?: string) => void;
}): Dispatcher {
  const now = opts.now ?? Date.now;
  let running: Promise<number> | undefined;
  let again = false;
  let timer: NodeJS.Timeout | undefined;
  let stopped = true;

  async function sendOne(d: Delivery): Promise<void> {
    const sender = opts.senders[d.channel];
    try {
      if (!sender) throw new DeliveryError(`the ${d.channel} channel is not configured`, true);
      await sender.send(d);
      opts.ledger.markSent(d, new Date(now()).toISOString());
      opts.onOutcome?.(d, 'sent');
    } catch (err) {
      const message = (err as Error).message;
      const attempts = d.attempts + 1;
      if ((err instanceof DeliveryError && err.permanent) || attempts >= opts.maxAttempts) {
        opts.ledger.markFailed(d, message);
        opts.onOutcome?.(d, 'failed', message);
      } else {
        opts.ledger.markRetry(d, message, now() + backoffMs(attempts));
        opts.onOutcome?.(d, 'retry', message);
      }
    }
  }

  async function drainOnce(): Promise<number> {
    let count = 0;
    for (let batch = opts.ledger.due(now()); batch.length > 0; batch = opts.ledger.due(now())) {
      for (const d of batch) await sendOne(d);
      count += batch.length;
    }
    return count;
  }

  // One drain at a time; a request during a drain runs one more after it, so nothing planned meanwhile waits a poll.
  function drain(): Promise<number> {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      let total = 0;
      do {
        again = false;
        total += await drainOnce();
      } while (again);
      return total;
    })().finally(() => (running = undefined));
    return running;
  }

  const tick = (): void => {
    if (stopped) return;
    drain()
      .catch((err: Error) => process.stderr.write(`govflow notifications: ${err.message}\n`))
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, opts.pollMs ?? 1000);
      });
  };

  return {
    drain,
    start() {
      stopped = false;
      tick();
    },
    kick: () => void (stopped ? undefined : drain().catch(() => undefined)),
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
