import type { Command } from 'commander';
import type { ModificationBody } from '../../wire/schemas.ts';
import { apiContext, withApiOptions, type ApiOptions } from '../api-command.ts';
import { emit } from '../output.ts';
import { readDataFile } from '../read-data-file.ts';
import { runAction } from '../run-action.ts';
import { receiptLine } from '../views.ts';

interface ModifyOptions extends ApiOptions {
  version: string;
  description: string;
  changes?: string;
}

/** `govflow modify <id> --version 2.0 --description "..."`: requests a substantial modification for review. */
export function registerModifyCommand(program: Command): void {
  withApiOptions(
    program
      .command('modify <id>')
      .description('request a substantial modification (new model version, purpose or data); it is reviewed first')
      .requiredOption('--version <version>', 'the new version')
      .requiredOption('--description <text>', 'what changes and why')
      .option('--changes <file>', 'proposal fields that change (JSON or YAML)'),
  ).action(
    runAction(async (id: string, opts: ModifyOptions) => {
      const { api, output } = apiContext(opts);
      const changes = opts.changes ? (readDataFile(opts.changes) as ModificationBody['changes']) : undefined;
      output.progress(`requesting a modification of ${id}...`);
      const receipt = await api.modify(id, {
        version: opts.version,
        description: opts.description,
        ...(changes ? { changes } : {}),
      });
      emit(output, receipt, () => receiptLine(`modification ${opts.version} requested`, receipt));
    }),
  );
}
