import type { Command } from 'commander';
import { CLI_CLIENT_ID, deviceLogin, devAccountToken } from '../../client/oidc-client.ts';
import { runAction } from '../run-action.ts';
import { configFilePath, readCliEnv, readConfigFile, resolveIssuer, writeConfigFile } from '../settings.ts';

interface LoginOptions {
  issuer?: string;
  clientId?: string;
  scope: string;
  devAccount?: string;
}

/**
 * `govflow login`: signs in with the organisation's issuer (device authorization grant, RFC 8628) or, on the local
 * stack, as a dev account; the token goes into the CLI's config file, where every command finds it.
 */
export function registerLoginCommand(program: Command): void {
  program
    .command('login')
    .description('sign in and keep the token in the CLI config file (device code, or --dev-account locally)')
    .option(
      '--issuer <url>',
      'the OpenID Connect issuer (env GOVFLOW_OIDC_ISSUER, config file issuer; default the local one)',
    )
    .option(
      '--client-id <id>',
      `the CLI's client id at the issuer (env GOVFLOW_OIDC_CLIENT_ID; default ${CLI_CLIENT_ID})`,
    )
    .option('--scope <scopes>', 'scopes to ask for', 'openid profile govflow')
    .option('--dev-account <id>', 'local issuer only: sign in as this roster person, without a password')
    .action(
      runAction(async (opts: LoginOptions) => {
        const env = readCliEnv();
        const path = configFilePath(env);
        const file = readConfigFile(path);
        const issuer = resolveIssuer(opts.issuer, env, file);
        const clientId = opts.clientId ?? env.GOVFLOW_OIDC_CLIENT_ID ?? file.clientId ?? CLI_CLIENT_ID;
        const token = opts.devAccount
          ? await devAccountToken({ issuer, account: opts.devAccount, clientId })
          : await deviceLogin({
              issuer,
              clientId,
              scope: opts.scope,
              prompt: (a) =>
                process.stderr.write(
                  `To sign in, open ${a.verification_uri_complete ?? a.verification_uri} and enter the code ${a.user_code}\n`,
                ),
            });
        writeConfigFile(path, { ...file, token });
        process.stdout.write(`signed in at ${issuer}; token saved in ${path}\n`);
      }),
    );
}
