import type { Command } from 'commander';
import { apiContext, withApiOptions, type ApiOptions } from '../api-command.ts';
import { emit } from '../output.ts';
import { runAction } from '../run-action.ts';
import { pendingTable, unstaffedTable } from '../views.ts';

/** `govflow pending`: the reviews that wait for the caller's vote; `--unstaffed`: those waiting for a committee. */
export function registerPendingCommand(program: Command): void {
  withApiOptions(
    program
      .command('pending')
      .description('list the reviews waiting for your vote')
      .option('--unstaffed', 'instead, the reviews the roster could not staff (admin, chair)'),
  ).action(
    runAction(async (opts: ApiOptions & { unstaffed?: boolean }) => {
      const { api, output } = apiContext(opts);
      if (opts.unstaffed) {
        const unstaffed = await api.unstaffed();
        return emit(output, unstaffed, () => unstaffedTable(unstaffed.items));
      }
      const pending = await api.pending();
      emit(output, pending, () => pendingTable(pending.items));
    }),
  );
}
