import type { Command } from 'commander';
import type { TransparencyReportBody } from '../../wire/schemas.ts';
import { apiContext, withApiOptions, type ApiOptions } from '../api-command.ts';
import { emit } from '../output.ts';
import { readDataFile } from '../read-data-file.ts';
import { runAction } from '../run-action.ts';
import { receiptLine } from '../views.ts';

/** `govflow report <id> <file>`: files a transparency report (training-data summary and what changed). */
export function registerReportCommand(program: Command): void {
  withApiOptions(
    program
      .command('report <id> <file>')
      .description('file a transparency report: a JSON or YAML file with trainingDataSummary and changes'),
  ).action(
    runAction(async (id: string, file: string, opts: ApiOptions) => {
      const { api, output } = apiContext(opts);
      const body = readDataFile(file) as TransparencyReportBody;
      output.progress(`filing the transparency report of ${id}...`);
      const receipt = await api.report(id, body);
      emit(output, receipt, () => receiptLine('transparency report filed', receipt));
    }),
  );
}
