import type { Command } from 'commander';
import { apiContext, withApiOptions, type ApiOptions } from '../api-command.ts';
import { indicatorQuery, withIndicatorOptions, type IndicatorOptions } from '../indicator-options.ts';
import { indicatorsCsv, indicatorsTable } from '../indicator-views.ts';
import { emit } from '../output.ts';
import { runAction } from '../run-action.ts';

/** `govflow indicators`: the compliance indicators over a period, as a table, JSON or CSV. */
export function registerIndicatorsCommand(program: Command): void {
  withApiOptions(
    withIndicatorOptions(
      program
        .command('indicators')
        .description('the compliance indicators over a period (auditor, admin, chair); see docs/indicators.md')
        .option('--csv', 'print CSV (indicator,value) for export'),
    ),
  ).action(
    runAction(async (opts: IndicatorOptions & ApiOptions & { csv?: boolean }) => {
      const { api, output } = apiContext(opts);
      output.progress('reading the indicators...');
      const ind = await api.indicators(indicatorQuery(opts));
      if (opts.csv) output.out(indicatorsCsv(ind));
      else emit(output, ind, () => `${ind.window.label}: ${ind.window.from} to ${ind.window.to}, as of ${ind.window.asOf}\n\n${indicatorsTable(ind)}`);
    }),
  );
}
