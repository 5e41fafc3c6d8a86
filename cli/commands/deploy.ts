import type { Command } from 'commander';
import { apiContext, withApiOptions, type ApiOptions } from '../api-command.ts';
import { emit } from '../output.ts';
import { runAction } from '../run-action.ts';
import { receiptLine } from '../views.ts';

interface DeployOptions extends ApiOptions {
  environment: string;
  version: string;
}

/** `govflow deploy <id> --environment prod --version 1.0.0`: records a deployment of the approved version. */
export function registerDeployCommand(program: Command): void {
  withApiOptions(
    program
      .command('deploy <id>')
      .description('record that the approved version was deployed')
      .requiredOption('--environment <env>', 'lowercase environment name, e.g. production')
      .requiredOption('--version <version>', 'the deployed version (you are recorded as the deployer)'),
  ).action(
    runAction(async (id: string, opts: DeployOptions) => {
      const { api, output } = apiContext(opts);
      output.progress(`recording the deployment of ${id}...`);
      const receipt = await api.deploy(id, { environment: opts.environment, version: opts.version });
      emit(output, receipt, () => receiptLine(`deployed ${opts.version} to ${opts.environment}`, receipt));
    }),
  );
}
