import type { Command } from 'commander';
import { apiContext, withApiOptions, type ApiOptions } from '../api-command.ts';
import { emit } from '../output.ts';
import { runAction } from '../run-action.ts';
import { receiptLine } from '../views.ts';

/** `govflow retry-staffing <id>`: an administrator draws an unstaffed review's committee again, once the roster is fixed. */
export function registerRetryStaffingCommand(program: Command): void {
  withApiOptions(
    program
      .command('retry-staffing <id>')
      .description('after fixing the roster, staff the review that could not be staffed (admin only)')
      .option('--note <text>', 'what was fixed'),
  ).action(
    runAction(async (id: string, opts: ApiOptions & { note?: string }) => {
      const { api, output } = apiContext(opts);
      output.progress(`retrying the staffing of ${id}...`);
      const receipt = await api.retryStaffing(id, opts.note ? { note: opts.note } : {});
      emit(output, receipt, () => receiptLine('staffing retried', receipt));
    }),
  );
}
