import { logLevel } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { classifyKafkaLog, kafkaLogCreator } from '../../../adapters/kafka-log.ts';

describe('kafkajs log levels', () => {
  it.each([
    ['a coordinator still loading at start-up', 'Response JoinGroup(key: 11, version: 5)', "The coordinator is loading and hence can't process requests for this group", 'debug'],
    ['a coordinator that moved', 'Response FindCoordinator(key: 10, version: 2)', 'The coordinator is not available', 'debug'],
    ['a broker refusing connections', 'Connection error: connect ECONNREFUSED 127.0.0.1:9092', undefined, 'warn'],
    ['a connection timeout', 'Connection timeout', undefined, 'warn'],
    ['a seed broker retry', 'Failed to connect to seed broker, trying another broker from the list: Connection error', undefined, 'warn'],
    ['a consumer crash kafkajs restarts', 'Crash: KafkaJSNumberOfRetriesExceeded: Connection error: connect ECONNREFUSED', undefined, 'warn'],
    ['the consumer restart that follows', 'Restarting the consumer in 300ms', undefined, 'warn'],
    ['a response error that is not retried', 'Response Produce(key: 0, version: 7)', 'Not authorized to access topics: [Topic authorization failed]', 'error'],
    ['a handler that threw', 'Error when calling eachMessage', 'boom', 'error'],
    ['a crash over a refused connection', 'Crash: KafkaJSNonRetriableError: Connection error: connect ECONNREFUSED 127.0.0.1:9092', undefined, 'warn'],
    ['a crash over a loading coordinator', "Crash: KafkaJSProtocolError: The coordinator is loading and hence can't process requests for this group", undefined, 'warn'],
    ['a send kafkajs retries after a leader moved', 'Failed to send messages: This server is not the leader for that topic-partition', undefined, 'warn'],
    ['a send that failed for good', 'Failed to send messages: Not authorized to access topics', undefined, 'error'],
    ['a crash over anything else', 'Crash: KafkaJSNonRetriableError: bad', undefined, 'error'],
  ])('%s is %s', (_what, message, error, level) => {
    expect(classifyKafkaLog(logLevel.ERROR, { message, error })).toBe(level);
  });

  it('keeps kafkajs’ own level for entries below error', () => {
    expect(classifyKafkaLog(logLevel.WARN, { message: 'Connection error: x' })).toBe('warn');
    expect(classifyKafkaLog(logLevel.INFO, { message: 'Consumer has joined the group' })).toBe('info');
    expect(classifyKafkaLog(logLevel.DEBUG, { message: 'Request Fetch' })).toBe('debug');
  });

  it('writes one line per entry at or above the threshold, without stacks', () => {
    const lines: string[] = [];
    const log = kafkaLogCreator('warn', (l) => lines.push(l))(logLevel.DEBUG);
    const entry = (level: logLevel, message: string, extra: Record<string, unknown> = {}) =>
      log({ namespace: 'Connection', level, label: '', log: { timestamp: 't', logger: 'kafkajs', message, ...extra } });
    entry(logLevel.ERROR, 'Response JoinGroup(key: 11, version: 5)', { error: 'The coordinator is loading', broker: 'b:9092' });
    entry(logLevel.ERROR, 'Connection error: connect ECONNREFUSED', { broker: 'b:9092', stack: 'Error: at x' });
    entry(logLevel.ERROR, 'Error when calling eachMessage', { error: 'boom' });
    entry(logLevel.INFO, 'Consumer has joined the group');
    expect(lines).toEqual([
      'kafkajs warn [Connection] Connection error: connect ECONNREFUSED {"broker":"b:9092"}\n',
      'kafkajs error [Connection] Error when calling eachMessage {"error":"boom"}\n',
    ]);
  });
});
