import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createPublishActivities, toKafkaMessage } from '../../activities/publish-events.ts';
import { createEventProducer } from '../../adapters/kafka.ts';
import { registerAuditCommand } from '../../cli/commands/audit.ts';
import { voteChain } from '../support/event-chains.ts';
import { testEventKeys } from '../support/test-keys.ts';
import { createTestTopic, testKafka } from './helpers/kafka.ts';

let trustedKeysFile = '';

/** Runs `govflow audit ...` in-process against the given topic; returns its output and exit code. */
async function govflowAudit(topic: string, ...args: string[]): Promise<{ out: string; code: number }> {
  const program = new Command('govflow').exitOverride();
  registerAuditCommand(program);
  let out = '';
  const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((out += String(chunk)), true));
  vi.stubEnv('GOVFLOW_TOPIC', topic);
  vi.stubEnv('GOVFLOW_TRUSTED_EVENT_KEYS', trustedKeysFile);
  vi.stubEnv('GOVFLOW_CHECKPOINT_TOPIC', `${topic}.checkpoints`);
  process.exitCode = 0;
  try {
    await program.parseAsync(['node', 'govflow', 'audit', ...args]);
  } finally {
    write.mockRestore();
    vi.unstubAllEnvs();
  }
  const code = Number(process.exitCode ?? 0);
  process.exitCode = 0;
  return { out, code };
}

describe('govflow audit on the real broker', () => {
  const producer = createEventProducer(testKafka);
  let topic: string;
  const intact = voteChain('intact-sys', 4);
  const broken = voteChain('broken-sys', 4);

  beforeAll(async () => {
    topic = await createTestTopic('audit');
    // The auditor holds only the exported public keys, as `govflow keys export` prints them.
    trustedKeysFile = join(await mkdtemp(join(tmpdir(), 'govflow-audit-keys-')), 'jwks.json');
    await writeFile(trustedKeysFile, JSON.stringify(testEventKeys.jwks()));
    await producer.connect();
    await createPublishActivities({ producer, topic, signer: testEventKeys.signer }).publishEvents([...intact, ...intact.slice(2)]);
    const tampered = { ...broken[2]!, data: { ...(broken[2]!.data as object), vote: 'reject' } };
    await producer.send({ topic, acks: -1, messages: [broken[0]!, tampered, broken[3]!].map(toKafkaMessage) });
  });
  afterAll(async () => {
    await producer.disconnect();
  });

  it('verify passes an intact chain, despite redelivered copies', async () => {
    expect(await govflowAudit(topic, 'verify', 'intact-sys', '--offline')).toEqual({
      out: 'intact-sys: chain intact and signed, 4 events (and 2 redelivered copies)\n',
      code: 0,
    });
  });

  it('verify exits 1 and lists the missing and the tampered event', async () => {
    const { out, code } = await govflowAudit(topic, 'verify', 'broken-sys', '--json', '--offline');
    expect(code).toBe(1);
    const report = JSON.parse(out) as { problems: { sequence: number; kind: string }[] };
    expect(report.problems.map((p) => `${p.sequence}:${p.kind}`).sort()).toEqual(['2:gap', '3:hash_mismatch']);
  });

  it('export writes the trail as CSV to a file, each event once', async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'govflow-audit-')), 'trail.csv');
    expect((await govflowAudit(topic, 'export', 'intact-sys', '--format', 'csv', '--out', file)).code).toBe(0);
    const lines = (await readFile(file, 'utf8')).trim().split('\n');
    expect(lines).toHaveLength(1 + 4);
    expect(lines[1]).toMatch(/^1,intact-sys:1,2026-01-01T00:00:01.000Z,member-1,review.vote_cast,reason 1,/);
  });
});
