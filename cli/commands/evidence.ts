import type { Command } from 'commander';
import { apiContext, withApiOptions, type ApiOptions } from '../api-command.ts';
import { emit } from '../output.ts';
import { runAction } from '../run-action.ts';
import { receiptLine } from '../views.ts';

/** `govflow evidence <id> <condition> --evidence "..."`: records that a condition of approval is met. */
export function registerEvidenceCommand(program: Command): void {
  withApiOptions(
    program
      .command('evidence <id> <condition-id>')
      .description('record evidence that a condition of approval is met')
      .requiredOption('--evidence <text>', 'what shows the condition is met (a link, a report reference)'),
  ).action(
    runAction(async (id: string, conditionId: string, opts: ApiOptions & { evidence: string }) => {
      const { api, output } = apiContext(opts);
      output.progress(`recording evidence for ${conditionId} on ${id}...`);
      const receipt = await api.evidence(id, conditionId, { evidence: opts.evidence });
      emit(output, receipt, () => receiptLine(`condition ${conditionId} satisfied`, receipt));
    }),
  );
}
