import { ApiError } from '../client/http-client.ts';

/** Exit codes by kind of failure, so scripts can tell a refusal from an outage. */
export const ExitCode = {
  failure: 1,
  badInput: 2,
  notAllowed: 3,
  notFound: 4,
  conflict: 5,
  unreachable: 6,
} as const;

/** Maps an error to its exit code. */
export function exitCodeOf(err: unknown): number {
  if (!(err instanceof ApiError)) return err instanceof UsageError ? ExitCode.badInput : ExitCode.failure;
  if (err.status === 0) return ExitCode.unreachable;
  if (err.status === 400 || err.status === 413 || err.status === 415) return ExitCode.badInput;
  if (err.status === 401 || err.status === 403) return ExitCode.notAllowed;
  if (err.status === 404) return ExitCode.notFound;
  if (err.status === 409) return ExitCode.conflict;
  return ExitCode.failure;
}

/** A mistake in how the command was called or in a file it was given. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

const tokenHint =
  'sign in with `govflow login` (locally: `govflow login --dev-account <id>`), or pass --token or set GOVFLOW_TOKEN';

/** One readable line for any error: `<code>: <reason>` for API refusals, the message otherwise. */
export function errorLine(err: unknown): string {
  if (err instanceof ApiError && err.status === 401) return `${err.code} (401): ${err.message}; ${tokenHint}`;
  if (err instanceof ApiError) return err.status === 0 ? err.message : `${err.code} (${err.status}): ${err.message}`;
  if (err instanceof Error) return err.message;
  return String(err);
}

/** Wraps a command action: errors become one line on stderr and a non-zero exit code, never a stack trace. */
export function runAction<A extends unknown[]>(fn: (...args: A) => Promise<void>): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      await fn(...args);
    } catch (err) {
      process.stderr.write(`govflow: ${errorLine(err).replaceAll('\n', ' ')}\n`);
      process.exitCode = exitCodeOf(err);
    }
  };
}
