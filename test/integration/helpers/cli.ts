import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const bin = fileURLToPath(new URL('../../../bin/govflow.js', import.meta.url));

/** What one run of the CLI did. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the real `govflow` binary with the test's environment minus any token, plus `env`. */
export function runGovflow(args: readonly string[], env: Record<string, string>, timeoutMs = 90_000): Promise<CliRun> {
  const base = { ...process.env };
  delete base.GOVFLOW_TOKEN;
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, ...args], { cwd: root, env: { ...base, ...env }, timeout: timeoutMs }, (err, stdout, stderr) =>
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}
