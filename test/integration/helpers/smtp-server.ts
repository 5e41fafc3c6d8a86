import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findSmtpServer } from '../../../scripts/smtp-server.mjs';

/** One message as the SMTP server received it: envelope, decoded headers (lower-case names) and text. */
export interface ReceivedMail {
  readonly mailFrom: string;
  readonly rcptTos: string[];
  readonly headers: Record<string, string>;
  readonly text: string;
}

/** A real SMTP server (aiosmtpd) on a loopback port, recording what it receives. */
export interface SmtpServer {
  readonly port: number;
  readonly url: string;
  messages(): Promise<ReceivedMail[]>;
  stop(): Promise<void>;
}

const support = fileURLToPath(new URL('../../support/', import.meta.url));

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function waitForPort(port: number, child: ChildProcess, timeoutMs = 20_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`aiosmtpd exited with code ${child.exitCode} before listening`);
    const up = await new Promise<boolean>((resolve) => {
      const s = connect(port, '127.0.0.1', () => (s.end(), resolve(true)));
      s.on('error', () => resolve(false));
    });
    if (up) return;
    if (Date.now() > until) throw new Error(`aiosmtpd did not listen on 127.0.0.1:${port} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Starts aiosmtpd (installed by the set-up: `npm test` runs ensureSmtpServer) on a free loopback port. */
export async function startSmtpServer(): Promise<SmtpServer> {
  const python = process.env.GOVFLOW_AIOSMTPD_PYTHON ?? findSmtpServer();
  if (!python || !existsSync(python))
    throw new Error('aiosmtpd is not installed: run `npm test` (its set-up installs it) or node -e "import(\'./scripts/smtp-server.mjs\').then((m) => m.ensureSmtpServer())"');
  const dir = await mkdtemp(join(tmpdir(), 'govflow-smtp-'));
  const file = join(dir, 'messages.jsonl');
  const port = await freePort();
  const child = spawn(python, ['-m', 'aiosmtpd', '-n', '-l', `127.0.0.1:${port}`, '-c', 'smtp_sink.JsonLines', file], {
    env: { ...process.env, PYTHONPATH: support },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  try {
    await waitForPort(port, child);
  } catch (err) {
    child.kill('SIGKILL');
    throw new Error(`${(err as Error).message}\n${stderr}`);
  }
  return {
    port,
    url: `smtp://127.0.0.1:${port}`,
    async messages() {
      if (!existsSync(file)) return [];
      const lines = (await readFile(file, 'utf8')).split('\n').filter(Boolean);
      return lines.map((l) => JSON.parse(l) as ReceivedMail);
    },
    async stop() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
      await rm(dir, { recursive: true, force: true });
    },
  };
}
