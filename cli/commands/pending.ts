import type { Command } from 'commander';
import { apiContext, withApiOptions, type ApiOptions } from '../api-command.ts';
import { emit } from '../output.ts';
import { runAction } from '../run-action.ts';
import { pendingTable, unstaffedTable } from '../views.ts';

interface PendingOptions extends ApiOptions {
  unstaffed?: boolean;
  pageSize?: string;
  pageToken?: string;
}

/** `govflow pending`: the reviews that wait for the caller's vote, a page at a time; `--unstaffed`: those waiting for a committee. */
export function registerPendingCommand(program: Command): void {
  withApiOptions(
    program
      .command('pending')
      .description('list the reviews waiting for your vote, soonest deadline first')
      .option('--unstaffed', 'instead, the reviews the roster could not staff (admin, chair)')
      .option('--page-size <n>', 'reviews per page', '50')
      .option('--page-token <token>', 'the nextPageToken of a previous page'),
  ).action(
    runAction(async (opts: PendingOptions) => {
      const { api, output } = apiContext(opts);
      if (opts.unstaffed) {
        const unstaffed = await api.unstaffed();
        return emit(output, unstaffed, () => unstaffedTable(unstaffed.items));
      }
      const page = await api.pending({ pageSize: opts.pageSize ? Number(opts.pageSize) : undefined, pageToken: opts.pageToken });
      emit(output, page, () =>
        page.nextPageToken ? `${pendingTable(page.items)}\n\nmore: --page-token ${page.nextPageToken}` : pendingTable(page.items),
      );
    }),
  );
}
