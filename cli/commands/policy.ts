import type { Command } from 'commander';
import { PackVersionRef, parsePackRef } from '../../domain/pack-ref.ts';
import type { PackVersionInput } from '../../wire/policy-impact.ts';
import { apiContext, withApiOptions, type ApiOptions } from '../api-command.ts';
import { emit } from '../output.ts';
import { applyTable, impactTable } from '../policy-views.ts';
import { UsageError, runAction } from '../run-action.ts';

function packVersion(ref: string): PackVersionInput {
  if (!PackVersionRef.safeParse(ref).success) throw new UsageError(`<pack>@<version> expected, such as eu-ai-act@1.1.0 (got ${ref})`);
  const { name, version } = parsePackRef(ref);
  return { pack: name, version: version! };
}

/** `govflow policy impact|apply <pack>@<version>`: what a pack version changes across the fleet, and putting it in force. */
export function registerPolicyCommand(program: Command): void {
  const policy = program.command('policy').description('policy pack versions: their impact on the live systems, and applying them');
  withApiOptions(
    policy
      .command('impact <pack@version>')
      .description('re-assess every live system under the pack with this version; list whose tier, committee or obligations change and why (auditor, admin; read-only)'),
  ).action(
    runAction(async (ref: string, opts: ApiOptions) => {
      const input = packVersion(ref);
      const { api, output } = apiContext(opts);
      output.progress(`re-assessing the systems under ${input.pack}...`);
      const report = await api.policyImpact(input);
      emit(output, report, () => impactTable(report));
    }),
  );
  withApiOptions(
    policy
      .command('apply <pack@version>')
      .description('apply this version to every live system it changes; re-reviews open where the tier rose or a new obligation is unmet (admin)'),
  ).action(
    runAction(async (ref: string, opts: ApiOptions) => {
      const input = packVersion(ref);
      const { api, output } = apiContext(opts);
      output.progress(`applying ${ref}...`);
      const report = await api.applyPolicyVersion(input);
      emit(output, report, () => applyTable(report));
    }),
  );
}
