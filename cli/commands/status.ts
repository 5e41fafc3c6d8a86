import type { Command } from 'commander';
import { apiContext, withApiOptions, type ApiOptions } from '../api-command.ts';
import { emit, renderTable } from '../output.ts';
import { runAction } from '../run-action.ts';
import { systemDetails } from '../views.ts';
import { hasOversightSignals, oversightText } from '../oversight-view.ts';

interface StatusOptions extends ApiOptions {
  events?: boolean;
}

/** `govflow status <id>`: one system's state, and with `--events` its history. */
export function registerStatusCommand(program: Command): void {
  withApiOptions(
    program
      .command('status <id>')
      .description("show a system's stage, assessment, open review and conditions, and its oversight signals when it logs decisions")
      .option('--events', 'also list its events in order'),
  ).action(
    runAction(async (id: string, opts: StatusOptions) => {
      const { api, output } = apiContext(opts);
      const state = await api.get(id);
      // Shown as text when the system has decisions; an API without the decision trail (404) shows none.
      const view = !output.json ? await api.oversight(id).catch(() => undefined) : undefined;
      const oversight = view && hasOversightSignals(view) ? `oversight signals\n${oversightText(view)}` : undefined;
      const details = () => [systemDetails(state), ...(oversight ? [oversight] : [])].join('\n\n');
      if (!opts.events) return emit(output, state, details);
      const { events } = await api.events(id);
      emit(output, { state, events }, () =>
        [
          details(),
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
