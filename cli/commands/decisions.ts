import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { apiContext, withApiOptions, type ApiOptions } from '../api-command.ts';
import { emit } from '../output.ts';
import { runAction } from '../run-action.ts';
import { oversightText } from '../oversight-view.ts';

interface ExportOptions extends ApiOptions {
  from: string;
  to: string;
  out?: string;
}

/** `govflow decisions export|oversight`: a system's decision trail for an auditor, and its oversight signals. */
export function registerDecisionsCommand(program: Command): void {
  const decisions = program.command('decisions').description("a deployed system's decision trail");
  withApiOptions(
    decisions
      .command('export <systemId>')
      .description('export logged decisions in [from, to) as JSON Lines, with the SHA-256 over the export')
      .requiredOption('--from <instant>', 'first instant (ISO 8601), included')
      .requiredOption('--to <instant>', 'last instant (ISO 8601), excluded')
      .option('--out <file>', 'write the export here (stdout otherwise; the digest goes to stderr)'),
  ).action(
    runAction(async (id: string, opts: ExportOptions) => {
      const { api } = apiContext(opts);
      const text = await api.exportDecisions(id, opts.from, opts.to);
      const digest = `sha256:${createHash('sha256').update(text, 'utf8').digest('hex')}`;
      const count = text === '' ? 0 : text.trimEnd().split('\n').length;
      if (opts.out) {
        await writeFile(opts.out, text);
        await writeFile(`${opts.out}.sha256`, `${digest.slice(7)}  ${opts.out}\n`);
        process.stdout.write(`${count} decisions of ${id} written to ${opts.out}\ndigest ${digest}\n`);
      } else {
        process.stdout.write(text);
        process.stderr.write(`${count} decisions, digest ${digest}\n`);
      }
    }),
  );
  withApiOptions(decisions.command('oversight <systemId>').description('volume, share reviewed, override rate and trend, this month and last; the thresholds; the findings')).action(
    runAction(async (id: string, opts: ApiOptions) => {
      const { api, output } = apiContext(opts);
      const view = await api.oversight(id);
      emit(output, view, () => oversightText(view));
    }),
  );
}
