import type { Command } from 'commander';
import type { AmendBody } from '../../wire/schemas.ts';
import { apiContext, withApiOptions, type ApiOptions } from '../api-command.ts';
import { emit } from '../output.ts';
import { readDataFile } from '../read-data-file.ts';
import { runAction } from '../run-action.ts';
import { receiptLine } from '../views.ts';

/** `govflow amend <id> <changes-file>`: answers a request for changes with the proposal fields to replace. */
export function registerAmendCommand(program: Command): void {
  withApiOptions(
    program
      .command('amend <id> <changes-file>')
      .description('amend a proposal: the file holds the top-level proposal fields to replace (JSON or YAML)'),
  ).action(
    runAction(async (id: string, file: string, opts: ApiOptions) => {
      const { api, output } = apiContext(opts);
      const changes = readDataFile(file) as AmendBody['changes'];
      output.progress(`amending ${id}...`);
      const receipt = await api.amend(id, { changes });
      emit(output, receipt, () => receiptLine('amended', receipt));
    }),
  );
}
