import { createInterface } from 'node:readline/promises';
import type { Command } from 'commander';
import { askScreening, unanswered } from '../screening-prompt.ts';
import type { ProposeBody } from '../../wire/schemas.ts';
import type { SystemView } from '../../wire/views.ts';
import type { HttpClient } from '../../client/http-client.ts';
import { apiContext, withApiOptions, type ApiOptions } from '../api-command.ts';
import type { Output } from '../output.ts';
import { readDataFile } from '../read-data-file.ts';
import { runAction } from '../run-action.ts';
import { systemDetails } from '../views.ts';

interface ProposeOptions extends ApiOptions {
  wait: boolean;
  timeout: string;
  ask: boolean;
}

/**
 * Asks the screening questions the file leaves open, when a person is at the terminal; otherwise the API's 400
 * names each one. The questions come from the API, so they are the packs the organisation selects for this proposal.
 */
async function completeScreening(api: HttpClient, proposal: ProposeBody, output: Output): Promise<ProposeBody> {
  const jurisdictions = Array.isArray(proposal.jurisdictions) ? proposal.jurisdictions.join(',') : undefined;
  const { packs } = await api.screening({
    sector: String(proposal.sector),
    ...(jurisdictions ? { jurisdictions } : {}),
  });
  const open = unanswered(packs, proposal.screening ?? {});
  if (open.length === 0) return proposal;
  output.progress(`${open.length} screening question(s) are not answered in the file; answer each yes or no:`);
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answers = await askScreening(open, (prompt) => rl.question(prompt));
    return { ...proposal, screening: { ...proposal.screening, ...answers } };
  } finally {
    rl.close();
  }
}

/** Polls the state until the risk assessment has placed the system (or the time runs out). */
async function waitForAssessment(api: HttpClient, id: string, output: Output, timeoutMs: number): Promise<SystemView> {
  const until = Date.now() + timeoutMs;
  output.progress(`waiting for the risk assessment of ${id}...`);
  for (;;) {
    const state = await api.get(id);
    if (!['proposed', 'assessing'].includes(state.stage) || Date.now() > until) return state;
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** `govflow propose <file>`: submits a proposal (JSON or YAML) and shows where the assessment placed it. */
export function registerProposeCommand(program: Command): void {
  withApiOptions(
    program
      .command('propose <file>')
      .description('propose an AI system from a JSON or YAML proposal file (- for stdin)')
      .option('--no-wait', 'return as soon as the lifecycle has started')
      .option('--no-ask', 'never ask the screening questions the file leaves open (the API then names them)')
      .option('--timeout <seconds>', 'how long to wait for the risk assessment', '60'),
  ).action(
    runAction(async (file: string, opts: ProposeOptions) => {
      const { api, output } = apiContext(opts);
      const read = readDataFile(file) as ProposeBody;
      const interactive = opts.ask && file !== '-' && process.stdin.isTTY === true;
      const proposal = interactive ? await completeScreening(api, read, output) : read;
      output.progress(`proposing ${String(proposal.systemId)}...`);
      const started = await api.propose(proposal);
      if (!opts.wait) {
        output.out(output.json ? JSON.stringify(started, null, 2) : `proposed ${started.systemId} (${started.stage})`);
        return;
      }
      const state = await waitForAssessment(api, started.systemId, output, Number(opts.timeout) * 1000);
      output.out(
        output.json ? JSON.stringify(state, null, 2) : `proposed ${started.systemId}\n\n${systemDetails(state)}`,
      );
    }),
  );
}
