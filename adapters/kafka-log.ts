import { logLevel, type LogEntry, type logCreator } from 'kafkajs';

/** The levels govflow logs at, lowest first. */
export type LogLevelName = 'debug' | 'info' | 'warn' | 'error' | 'nothing';

const order: Record<LogLevelName, number> = { debug: 0, info: 1, warn: 2, error: 3, nothing: 4 };

// Conditions kafkajs logs at ERROR although it retries them itself: a group coordinator still loading its offsets
// (every start of a fresh broker), a coordinator or partition leader moving, a group rebalancing, a broker that
// cannot be reached. A caller that needed the broker gets the error itself once kafkajs' retries run out.
const transient = [
  /coordinator is loading/i,
  /coordinator is not available/i,
  /not the correct coordinator/i,
  /no leader for this topic-partition/i,
  /not the leader for that topic-partition/i,
  /group is rebalancing/i,
  /Connection error/,
  /Connection timeout/,
  /Closed connection/,
  /ECONNREFUSED/,
];
// Lines kafkajs writes while it reconnects to an unreachable broker.
const reconnecting = [/^Connection error:/, /^Connection timeout/, /^Failed to connect to (seed )?broker/, /^Restarting the consumer in/];

/**
 * The level govflow gives a kafkajs log entry: a response error kafkajs retries is debug; a reconnect attempt, a send
 * it retries, or a consumer crash over a transient condition (kafkajs restarts the consumer) is a warning; anything
 * else keeps kafkajs' own level.
 */
export function classifyKafkaLog(level: logLevel, entry: Pick<LogEntry['log'], 'message'> & { error?: unknown }): LogLevelName {
  const name = kafkaLevelName(level);
  if (name !== 'error') return name;
  const message = entry.message ?? '';
  const isTransient = (text: string) => transient.some((r) => r.test(text));
  if (message.startsWith('Response ') && isTransient(String(entry.error ?? ''))) return 'debug';
  if (reconnecting.some((r) => r.test(message))) return 'warn';
  if (/^(Crash: |Failed to send messages: )/.test(message) && isTransient(message)) return 'warn';
  return 'error';
}

function kafkaLevelName(level: logLevel): LogLevelName {
  if (level >= logLevel.DEBUG) return 'debug';
  if (level >= logLevel.INFO) return 'info';
  if (level >= logLevel.WARN) return 'warn';
  return level === logLevel.NOTHING ? 'nothing' : 'error';
}

/**
 * A kafkajs log creator that writes entries at or above `threshold` as one line each (`kafkajs warn [Connection]
 * Connection error: ... {broker}`), after {@link classifyKafkaLog} has moved retried noise below errors.
 */
export function kafkaLogCreator(threshold: LogLevelName, write: (line: string) => void = (l) => void process.stderr.write(l)): logCreator {
  return () =>
    ({ namespace, level, log }) => {
      const name = classifyKafkaLog(level, log);
      if (order[name] < order[threshold] || name === 'nothing') return;
      const extra = Object.fromEntries(Object.entries(log).filter(([key]) => !omitted.has(key)));
      const details = Object.keys(extra).length > 0 ? ` ${JSON.stringify(extra)}` : '';
      write(`kafkajs ${name} [${namespace}] ${log.message}${details}\n`);
    };
}

// Said by the line itself, or (stack traces of retried connection errors) nothing the message does not.
const omitted = new Set(['message', 'timestamp', 'logger', 'stack']);
