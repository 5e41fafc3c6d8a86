import type { Command } from 'commander';
import type { ListQuery } from '../../wire/schemas.ts';
import { apiContext, withApiOptions, type ApiOptions } from '../api-command.ts';
import { emit } from '../output.ts';
import { runAction } from '../run-action.ts';
import { systemsTable } from '../views.ts';

interface ListOptions extends ApiOptions {
  /** Checked by the API, which names the valid stages when it refuses. */
  stage?: ListQuery['stage'];
  tier?: 'minimal' | 'limited' | 'high' | 'prohibited';
  sector?: 'finance' | 'healthcare' | 'education' | 'transportation' | 'public_services' | 'other';
  owner?: string;
  pageSize?: string;
  pageToken?: string;
}

/** `govflow list`: the systems, filtered by stage, tier, sector or owner. */
export function registerListCommand(program: Command): void {
  withApiOptions(
    program
      .command('list')
      .description('list AI systems (filters combine)')
      .option('--stage <stage>', 'e.g. in_review, approved, deployed')
      .option('--tier <tier>', 'minimal | limited | high | prohibited')
      .option('--sector <sector>', 'finance | healthcare | education | transportation | public_services | other')
      .option('--owner <user>', 'owner user id')
      .option('--page-size <n>', 'systems per page', '50')
      .option('--page-token <token>', 'the nextPageToken of a previous page'),
  ).action(
    runAction(async (opts: ListOptions) => {
      const { api, output } = apiContext(opts);
      const page = await api.list({
        stage: opts.stage,
        tier: opts.tier,
        sector: opts.sector,
        owner: opts.owner,
        pageSize: opts.pageSize ? Number(opts.pageSize) : undefined,
        pageToken: opts.pageToken,
      });
      emit(output, page, () =>
        page.nextPageToken
          ? `${systemsTable(page.items)}\n\nmore: --page-token ${page.nextPageToken}`
          : systemsTable(page.items),
      );
    }),
  );
}
