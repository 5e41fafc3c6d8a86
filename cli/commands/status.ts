import type { Command } from 'commander';
import { apiContext, withApiOptions, type ApiOptions } from '../api-command.ts';
import { emit, renderTable } from '../output.ts';
import { runAction } from '../run-action.ts';
import { systemDetails } from '../views.ts';

interface StatusOptions extends ApiOptions {
  events?: boolean;
}

/** `govflow status <id>`: one system's state, and with `--events` its history. */
export function registerStatusCommand(program: Command): void {
  withApiOptions(
    program
      .command('status <id>')
      .description("show a system's stage, assessment, open review and conditions")
      .option('--events', 'also list its events in order'),
  ).action(
    runAction(async (id: string, opts: StatusOptions) => {
      const { api, output } = apiContext(opts);
      const state = await api.get(id);
      if (!opts.events) return emit(output, state, () => systemDetails(state));
      const { events } = await api.events(id);
      emit(output, { state, events }, () =>
        [
          systemDetails(state),
          renderTable(events, [
            { header: 'seq', value: (e) => e.sequence },
            { header: 'time', value: (e) => e.time },
            { header: 'type', value: (e) => e.type },
            { header: 'actor', value: (e) => e.actor },
          ]),
        ].join('\n\n'),
      );
    }),
  );
}
