import type { Consumer, Kafka } from 'kafkajs';

/** A message seen by the watcher: its parsed JSON value and when it arrived (performance.now()). */
export interface Seen {
  readonly topic: string;
  readonly key: string;
  readonly value: Record<string, unknown>;
  readonly at: number;
}

interface Waiter {
  readonly match: (s: Seen) => boolean;
  readonly resolve: (s: Seen) => void;
}

/** One consumer over the benchmark's topics that remembers every message by key and wakes whoever waits for it. */
export class TopicWatcher {
  private readonly consumer: Consumer;
  private readonly byKey = new Map<string, Seen[]>();
  private readonly waiters = new Map<string, Waiter[]>();
  total = 0;

  constructor(
    kafka: Kafka,
    private readonly topics: string[],
    groupId: string,
  ) {
    // A short session: after a broker restart the group re-forms in seconds, not after kafkajs' default 30 s.
    this.consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 20, minBytes: 1, sessionTimeout: 10_000, heartbeatInterval: 1_000 });
  }

  async start(): Promise<void> {
    await this.consumer.connect();
    await this.consumer.subscribe({ topics: this.topics, fromBeginning: true });
    const joined = new Promise<void>((resolve) => this.consumer.on(this.consumer.events.GROUP_JOIN, () => resolve()));
    await this.consumer.run({
      partitionsConsumedConcurrently: 6,
      eachMessage: async ({ topic, message }) => {
        const key = message.key?.toString() ?? '';
        const seen: Seen = { topic, key, value: JSON.parse(message.value?.toString() ?? '{}'), at: performance.now() };
        this.total += 1;
        const list = this.byKey.get(key) ?? [];
        list.push(seen);
        this.byKey.set(key, list);
        const waiting = this.waiters.get(key);
        if (!waiting) return;
        const still = waiting.filter((w) => (w.match(seen) ? (w.resolve(seen), false) : true));
        if (still.length) this.waiters.set(key, still);
        else this.waiters.delete(key);
      },
    });
    await joined;
  }

  /** Resolves with the first message of `key` that matches, already seen or still to come. */
  waitFor(key: string, match: (s: Seen) => boolean, timeoutMs = 120_000): Promise<Seen> {
    const found = this.byKey.get(key)?.find(match);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no matching message for ${key} within ${timeoutMs} ms`)), timeoutMs);
      const list = this.waiters.get(key) ?? [];
      list.push({ match, resolve: (s) => (clearTimeout(timer), resolve(s)) });
      this.waiters.set(key, list);
    });
  }

  /** Every message seen for a key, in arrival order. */
  seen(key: string): readonly Seen[] {
    return this.byKey.get(key) ?? [];
  }

  async stop(): Promise<void> {
    await this.consumer.disconnect();
  }
}
