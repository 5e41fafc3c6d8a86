import type { Command } from 'commander';
import { IncidentSeverity } from '../../domain/policy-pack.ts';
import { apiContext, withApiOptions, type ApiOptions } from '../api-command.ts';
import { emit } from '../output.ts';
import { runAction } from '../run-action.ts';
import { receiptLine } from '../views.ts';

interface IncidentOptions extends ApiOptions {
  severity: IncidentSeverity;
  description: string;
  affectedPeople: string;
  causalLinkAt?: string;
}

/** `govflow incident <id> --severity serious --description "..."`: reports an incident of a running system. */
export function registerIncidentCommand(program: Command): void {
  withApiOptions(
    program
      .command('incident <id>')
      .description('report an incident; deadlines for the regulator report run from the causal link')
      .requiredOption('--severity <severity>', IncidentSeverity.options.join(' | '))
      .requiredOption('--description <text>', 'what happened')
      .option('--affected-people <n>', 'how many people were affected', '0')
      .option('--causal-link-at <iso>', 'when the link to the system was established (default: now)'),
  ).action(
    runAction(async (id: string, opts: IncidentOptions) => {
      const { api, output } = apiContext(opts);
      output.progress(`reporting an incident on ${id}...`);
      const receipt = await api.incident(id, {
        severity: opts.severity,
        description: opts.description,
        affectedPeople: Number(opts.affectedPeople),
        causalLinkAt: opts.causalLinkAt ?? new Date().toISOString(),
      });
      emit(output, receipt, () => receiptLine(`incident (${opts.severity}) reported`, receipt));
    }),
  );
}
