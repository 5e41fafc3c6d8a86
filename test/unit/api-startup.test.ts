import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** Starts the real API entry point with only the given environment; it must refuse before connecting to anything. */
function startApi(env: Record<string, string>): Promise<{ code: number; stderr: string }> {
  const base = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' };
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'api/main.ts'],
      { cwd: root, env: { ...base, ...env }, timeout: 60_000 },
      (err, _stdout, stderr) => resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stderr }),
    );
  });
}

const issuer = { GOVFLOW_OIDC_ISSUER: 'https://login.example.org' };

describe('the API in production refuses to start with a weak configuration', () => {
  it('names every weak secret (the old default token secret, a published API key, a short password), exit code 2', async () => {
    const { code, stderr } = await startApi({
      GOVFLOW_ENV: 'production',
      ...issuer,
      GOVFLOW_JWT_SECRET: 'govflow-local-development-secret',
      GOVFLOW_TEMPORAL_API_KEY: 'change-me-in-production-please',
      GOVFLOW_KAFKA_TLS: 'true',
      GOVFLOW_KAFKA_SASL_MECHANISM: 'scram-sha-512',
      GOVFLOW_KAFKA_SASL_USERNAME: 'govflow-api',
      GOVFLOW_KAFKA_SASL_PASSWORD: 'sixteen-chars-ok',
    });
    expect(code).toBe(2);
    expect(stderr).toMatch(/GOVFLOW_JWT_SECRET is no longer accepted/);
    expect(stderr).toMatch(/GOVFLOW_TEMPORAL_API_KEY is a known, published value/);
    expect(stderr).toMatch(/GOVFLOW_KAFKA_SASL_PASSWORD is 16 bytes; production needs at least 32/);
  }, 60_000);

  it('refuses to start without an issuer, production being the default, exit code 2', async () => {
    const { code, stderr } = await startApi({});
    expect(code).toBe(2);
    expect(stderr).toMatch(/GOVFLOW_OIDC_ISSUER is required in production/);
  }, 60_000);
});
