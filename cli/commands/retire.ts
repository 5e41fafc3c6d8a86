import type { Command } from 'commander';
import { apiContext, withApiOptions, type ApiOptions } from '../api-command.ts';
import { emit } from '../output.ts';
import { runAction } from '../run-action.ts';
import { receiptLine } from '../views.ts';

/** `govflow retire <id> --reason "..."`: retires a system; its lifecycle ends. */
export function registerRetireCommand(program: Command): void {
  withApiOptions(
    program
      .command('retire <id>')
      .description('retire a system (ends its lifecycle)')
      .requiredOption('--reason <text>', 'why it is retired'),
  ).action(
    runAction(async (id: string, opts: ApiOptions & { reason: string }) => {
      const { api, output } = apiContext(opts);
      output.progress(`retiring ${id}...`);
      const receipt = await api.retire(id, { reason: opts.reason });
      emit(output, receipt, () => receiptLine('retired', receipt));
    }),
  );
}
