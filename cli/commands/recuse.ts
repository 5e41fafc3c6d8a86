import type { Command } from 'commander';
import { apiContext, withApiOptions, type ApiOptions } from '../api-command.ts';
import { emit } from '../output.ts';
import { runAction } from '../run-action.ts';
import { receiptLine } from '../views.ts';

/** `govflow recuse <id> --conflict "..."`: steps out of the open round, declaring the conflict. */
export function registerRecuseCommand(program: Command): void {
  withApiOptions(
    program
      .command('recuse <id>')
      .description('recuse yourself from the open review round of a system')
      .requiredOption('--conflict <text>', 'the conflict of interest'),
  ).action(
    runAction(async (id: string, opts: ApiOptions & { conflict: string }) => {
      const { api, output } = apiContext(opts);
      output.progress(`recording your recusal on ${id}...`);
      const receipt = await api.recuse(id, { conflict: opts.conflict });
      emit(output, receipt, () => receiptLine('recused', receipt));
    }),
  );
}
