import type { Client } from '@temporalio/client';
import { Stage } from '../domain/lifecycle/state.ts';
import { GovStage } from '../workflows/search-attributes.ts';

/** Open lifecycles by stage, from visibility counts (one per stage, side by side); no workflow is woken. */
export async function countOpenByStage(client: Client): Promise<Record<string, number>> {
  const counts = await Promise.all(
    Stage.options.map(async (stage) => {
      const query = `WorkflowType = 'aiSystemLifecycle' AND ExecutionStatus = 'Running' AND ${GovStage.name} = '${stage}'`;
      return [stage, (await client.workflow.count(query)).count] as const;
    }),
  );
  return Object.fromEntries(counts);
}
