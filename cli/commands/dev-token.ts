import type { Command } from 'commander';
import { devAccountToken } from '../../client/oidc-client.ts';
import { runAction } from '../run-action.ts';
import { readCliEnv, readConfigFile, configFilePath, resolveIssuer } from '../settings.ts';

/** `govflow dev-token --sub alice`: prints a token the local issuer signs for a roster person, for scripts and curl. */
export function registerDevTokenCommand(program: Command): void {
  program
    .command('dev-token')
    .description("print a local issuer's token for a dev account (the roles are the roster's; see govflow login)")
    .requiredOption('--sub <user>', 'the dev account (a person of the roster files)')
    .option('--issuer <url>', 'the local issuer (env GOVFLOW_OIDC_ISSUER; default http://127.0.0.1:8090)')
    .action(
      runAction(async (opts: { sub: string; issuer?: string }) => {
        const env = readCliEnv();
        const issuer = resolveIssuer(opts.issuer, env, readConfigFile(configFilePath(env)));
        process.stdout.write(`${await devAccountToken({ issuer, account: opts.sub })}\n`);
      }),
    );
}
