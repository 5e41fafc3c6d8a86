import type { Command } from 'commander';
import { loadVerifierKeys, rotateKeyFile } from '../../adapters/signing-keys.ts';
import { loadConfig } from '../../config/config.ts';
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
      }),
    );
}
