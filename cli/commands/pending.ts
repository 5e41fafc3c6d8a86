import type { Command } from 'commander';
import { apiContext, withApiOptions, type ApiOptions } from '../api-command.ts';
import { emit } from '../output.ts';
import { runAction } from '../run-action.ts';
import { pendingTable } from '../views.ts';

/** `govflow pending`: the reviews that wait for the caller's vote. */
export function registerPendingCommand(program: Command): void {
  withApiOptions(program.command('pending').description('list the reviews waiting for your vote')).action(
    runAction(async (opts: ApiOptions) => {
      const { api, output } = apiContext(opts);
      const pending = await api.pending();
      emit(output, pending, () => pendingTable(pending.items));
    }),
  );
}
