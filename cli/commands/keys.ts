import type { Command } from 'commander';
import { loadVerifierKeys, pruneRetiredKeys, rotateKeyFile } from '../../adapters/signing-keys.ts';
import { loadConfig } from '../../config/config.ts';
import { apiContext, withApiOptions, type ApiOptions } from '../api-command.ts';
import { emit } from '../output.ts';
import { UsageError, runAction } from '../run-action.ts';

/** `govflow keys export|rotate`: the engine's public keys for verifiers, and key rotation for operators. */
export function registerKeysCommand(program: Command): void {
  const keys = program.command('keys').description("the engine's signing keys (Ed25519)");
  keys
    .command('export')
    .description('print the public keys (current and retired) as a JWKS, for consumers, auditors and pipelines')
    .option('--commands', "the API's command-signing keys instead of the event keys")
    .action(
      runAction(async (opts: { commands?: boolean }) => {
        const config = loadConfig();
        const verifier = opts.commands
          ? await loadVerifierKeys({ keyFile: config.GOVFLOW_COMMAND_KEY_FILE })
          : await loadVerifierKeys({
              trustedFile: config.GOVFLOW_TRUSTED_EVENT_KEYS,
              keyFile: config.GOVFLOW_EVENT_KEY_FILE,
            });
        process.stdout.write(`${JSON.stringify(verifier.jwks(), null, 2)}\n`);
      }),
    );
  keys
    .command('rotate <which>')
    .description('rotate the events or commands key file: a new current key; the old one stays as a public key')
    .action(
      runAction(async (which: string) => {
        const config = loadConfig();
        if (which !== 'events' && which !== 'commands')
          throw new UsageError(`<which> must be events or commands, not ${which}`);
        const path = which === 'events' ? config.GOVFLOW_EVENT_KEY_FILE : config.GOVFLOW_COMMAND_KEY_FILE;
        const { retired, current } = await rotateKeyFile(path);
        process.stdout.write(
          `${which} key rotated in ${path}: current ${current}, retired ${retired} (still trusted)\n`,
        );
        if (which === 'commands')
          process.stdout.write(
            'next: govflow keys roll-commands, before the API restarts (it signs the running lifecycles\' rotation with the old key)\n',
          );
      }),
    );
  registerRollCommand(keys);
}

/**
 * `govflow keys roll-commands [--replace]`: the API sends every running lifecycle a rotation of its edge keys signed
 * with the key it signs with now, then signs with the key file's current key; `--replace` (once every API instance
 * signs with the new key) leaves the new key alone, and drops the retired keys from the local command key file.
 */
function registerRollCommand(keys: Command): void {
  withApiOptions(
    keys
      .command('roll-commands')
      .description("roll the API's command key over every running lifecycle (admin): after `keys rotate commands`")
      .option('--replace', 'trust the new key alone (after every API instance signs with it)')
      .option('--reason <text>', 'why the key is rolled', 'Scheduled rotation of the command key.'),
  ).action(
    runAction(async (opts: ApiOptions & { replace?: boolean; reason: string }) => {
      const { api, output } = apiContext(opts);
      output.progress('rolling the command key over the running lifecycles...');
      const report = await api.rollCommandKeys({ mode: opts.replace ? 'replace' : 'add', reason: opts.reason });
      const dropped = opts.replace ? await pruneLocalCommandKeys() : [];
      emit(output, { ...report, droppedFromKeyFile: dropped }, () =>
        [
          `signed with ${report.signedWith}; the API now signs with ${report.signsWith}; lifecycles trust ${report.keys.join(', ')}`,
          `${report.rotated.length} lifecycles rotated, ${report.refused.length} refused`,
          ...report.refused.map((r) => `  ${r.systemId}: ${r.code} ${r.reason}`),
          ...(dropped.length > 0 ? [`dropped from the command key file: ${dropped.join(', ')}`] : []),
        ].join('\n'),
      );
      // Lifecycles that predate signed commands or ended meanwhile (WRONG_STAGE) need nothing; any other refusal does.
      if (report.refused.some((r) => r.code !== 'WRONG_STAGE')) process.exitCode = 1;
    }),
  );
}

/** Prunes the command key file where this CLI runs, if there is one (the API's host); [] otherwise. */
async function pruneLocalCommandKeys(): Promise<string[]> {
  const path = loadConfig().GOVFLOW_COMMAND_KEY_FILE;
  return pruneRetiredKeys(path).catch((e: unknown) => {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  });
}
