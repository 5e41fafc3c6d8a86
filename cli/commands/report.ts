import type { Command } from 'commander';
import type { TransparencyReportBody } from '../../wire/schemas.ts';
import { apiContext, withApiOptions, type ApiOptions } from '../api-command.ts';
import { asksForWindow, withIndicatorOptions } from '../indicator-options.ts';
import { emit } from '../output.ts';
import { readDataFile } from '../read-data-file.ts';
import { runAction, UsageError } from '../run-action.ts';
import { receiptLine } from '../views.ts';
import { writeRegulatorReport, type RegulatorReportOptions } from './regulator-report.ts';

/**
 * `govflow report <id> <file>` files a transparency report (training-data summary and what changed);
 * `govflow report --period 2026-H2 --format html|pdf|json` writes the regulator report (auditor, admin, chair).
 */
export function registerReportCommand(program: Command): void {
  withApiOptions(
    withIndicatorOptions(
      program
        .command('report [id] [file]')
        .description(
          'file a transparency report (<id> <file>: JSON or YAML with trainingDataSummary and changes), or with ' +
            '--period (or --from/--to) write the regulator report',
        )
        .option('--format <format>', 'regulator report: html | pdf | json', 'html')
        .option('--out <file>', 'regulator report: write to this file (a PDF defaults to govflow-report-<period>.pdf)'),
    ),
  ).action(
    runAction(async (id: string | undefined, file: string | undefined, opts: RegulatorReportOptions & ApiOptions) => {
      const { api, output } = apiContext(opts);
      if (asksForWindow(opts)) {
        if (id !== undefined) throw new UsageError('give either <id> <file> (a transparency report) or --period (the regulator report), not both');
        return writeRegulatorReport(api, output, opts);
      }
      if (id === undefined || file === undefined) {
        throw new UsageError('give <id> <file> to file a transparency report, or --period 2026-H2 for the regulator report');
      }
      const body = readDataFile(file) as TransparencyReportBody;
      output.progress(`filing the transparency report of ${id}...`);
      const receipt = await api.report(id, body);
      emit(output, receipt, () => receiptLine('transparency report filed', receipt));
    }),
  );
}
