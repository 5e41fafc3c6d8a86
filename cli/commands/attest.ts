import { readFile, writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { verifyAttestation } from '../../events/attestation.ts';
import { trustedKeysFromJwks } from '../../events/keyring.ts';
import { apiContext, withApiOptions, type ApiOptions } from '../api-command.ts';
import { UsageError, runAction } from '../run-action.ts';

interface VerifyOptions {
  key: string;
  version?: string;
  artifactDigest?: string;
  at?: string;
  maxAge?: string;
}

/** A duration as `--max-age` takes it: `<n>s`, `<n>m`, `<n>h` or `<n>d`; milliseconds, or undefined if malformed. */
export function parseDuration(text: string): number | undefined {
  const m = /^(\d+)(s|m|h|d)$/.exec(text.trim());
  if (!m) return undefined;
  const unit = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as 's' | 'm' | 'h' | 'd'];
  return Number(m[1]) * unit;
}

async function readJson(path: string, what: string): Promise<unknown> {
  const text = await readFile(path, 'utf8').catch((e: Error) => {
    throw new UsageError(`cannot read ${what} ${path}: ${e.message}`);
  });
  try {
    return JSON.parse(text);
  } catch {
    throw new UsageError(`${what} ${path} is not JSON`);
  }
}

/** `govflow attest <systemId>` issues an approval attestation; `govflow attest verify <file>` checks one offline. */
export function registerAttestCommand(program: Command): void {
  const attest = withApiOptions(
    program
      .command('attest')
      .description("issue a system's approval attestation (in-toto Statement in a DSSE envelope, signed by the engine)")
      .argument('<systemId>')
      .option('--artifact-digest <sha256>', 'the digest of the artifact the deployment ships (sha256:<hex>)')
      .option('--out <file>', 'write the attestation to a file instead of standard output'),
  ).action(
    runAction(async (systemId: string, opts: ApiOptions & { artifactDigest?: string; out?: string }) => {
      const { api } = apiContext(opts);
      const text = `${JSON.stringify(await api.attestation(systemId, opts.artifactDigest), null, 2)}\n`;
      if (opts.out) await writeFile(opts.out, text);
      else process.stdout.write(text);
    }),
  );
  attest
    .command('verify <file>')
    .description(
      'verify an attestation offline with the engine JWKS (exit 1 when invalid, expired, suspended or another version)',
    )
    .requiredOption('--key <jwks>', 'the engine public keys, as `govflow keys export` prints them')
    .option('--version <version>', 'the model version about to be deployed')
    .option('--artifact-digest <sha256>', 'the digest of the artifact about to be deployed')
    .option('--at <instant>', 'check validity at this ISO instant instead of now')
    .option('--max-age <duration>', 'refuse an attestation issued longer ago than this (e.g. 15m, 24h): fetch one per deployment')
    .action(
      runAction(async (file: string, opts: VerifyOptions) => {
        const keys = trustedKeysFromJwks(await readJson(opts.key, 'key set'));
        const now = opts.at ? Date.parse(opts.at) : Date.now();
        if (Number.isNaN(now)) throw new UsageError(`--at must be an ISO instant, not ${opts.at}`);
        const maxAgeMs = opts.maxAge === undefined ? undefined : parseDuration(opts.maxAge);
        if (opts.maxAge !== undefined && maxAgeMs === undefined)
          throw new UsageError(`--max-age must be a duration such as 900s, 15m, 24h or 7d, not ${opts.maxAge}`);
        const verdict = verifyAttestation(await readJson(file, 'attestation'), keys, {
          now,
          ...(opts.version ? { version: opts.version } : {}),
          ...(opts.artifactDigest ? { artifactDigest: opts.artifactDigest } : {}),
          ...(maxAgeMs !== undefined ? { maxAgeMs } : {}),
        });
        if (verdict.ok) {
          const p = verdict.statement.predicate;
          const s = verdict.statement.subject[0]!;
          process.stdout.write(
            `valid: ${s.name} approved ${p.approvedAt} by ${p.approvers.join(', ')}, valid until ${p.validUntil} (${p.status})\n`,
          );
          return;
        }
        process.stderr.write(`INVALID attestation ${file}:\n${verdict.reasons.map((r) => `  - ${r}`).join('\n')}\n`);
        process.exitCode = 1;
      }),
    );
}
