import { InvalidArgumentError, Option, type Command } from 'commander';
import { loadConfig } from '../../config/config.ts';
import { mintDevToken } from '../../client/dev-token.ts';
import { runAction } from '../run-action.ts';

const roles = ['proposer', 'committee_member', 'chair', 'deployer', 'auditor', 'admin'];

interface DevTokenOptions {
  sub: string;
  role: string[];
  name?: string;
  ttl: string;
}

/** `govflow dev-token --sub alice --role committee_member`: prints a local token signed with GOVFLOW_JWT_SECRET. */
export function registerDevTokenCommand(program: Command): void {
  program
    .command('dev-token')
    .description('mint a local development token (HS256, GOVFLOW_JWT_SECRET / GOVFLOW_JWT_ISSUER)')
    .requiredOption('--sub <user>', 'who the token speaks for (the actor the workflow sees)')
    .addOption(
      new Option('--role <role>', `a role (${roles.join(', ')}); repeat for several`)
        .argParser((value: string, previous: string[] | undefined) => {
          if (!roles.includes(value)) throw new InvalidArgumentError(`expected one of ${roles.join(', ')}`);
          return [...(previous ?? []), value];
        })
        .makeOptionMandatory(),
    )
    .option('--name <name>', 'display name')
    .option('--ttl <span>', 'lifetime, e.g. 8h or 30m', '8h')
    .action(
      runAction(async (opts: DevTokenOptions) => {
        const config = loadConfig();
        const token = await mintDevToken({
          sub: opts.sub,
          roles: opts.role,
          secret: config.GOVFLOW_JWT_SECRET,
          issuer: config.GOVFLOW_JWT_ISSUER,
          expiresIn: opts.ttl,
          ...(opts.name ? { name: opts.name } : {}),
        });
        process.stdout.write(`${token}\n`);
      }),
    );
}
