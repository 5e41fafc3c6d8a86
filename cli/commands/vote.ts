import { Argument, type Command } from 'commander';
import { apiContext, withApiOptions, type ApiOptions } from '../api-command.ts';
import { emit } from '../output.ts';
import { runAction } from '../run-action.ts';
import { receiptLine } from '../views.ts';

interface VoteOptions extends ApiOptions {
  rationale: string;
}

/** `govflow vote <id> approve|reject|request-changes --rationale "..."`: votes as the token's subject. */
export function registerVoteCommand(program: Command): void {
  withApiOptions(
    program
      .command('vote')
      .description('vote on the open review round of a system')
      .argument('<id>', 'system id')
      .addArgument(new Argument('<decision>').choices(['approve', 'reject', 'request-changes']))
      .requiredOption('--rationale <text>', 'why (required: it is recorded in the audit trail)'),
  ).action(
    runAction(async (id: string, decision: string, opts: VoteOptions) => {
      const { api, output } = apiContext(opts);
      const vote = decision === 'request-changes' ? 'request_changes' : (decision as 'approve' | 'reject');
      output.progress(`casting ${decision} on ${id}...`);
      const receipt = await api.vote(id, { vote, rationale: opts.rationale });
      emit(output, receipt, () => receiptLine(`voted ${decision}`, receipt));
    }),
  );
}
