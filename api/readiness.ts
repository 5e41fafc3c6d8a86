import type { Connection } from '@temporalio/client';
import type { Admin } from 'kafkajs';
import type { Readiness } from './routes/health.ts';

/** Resolves to false when `probe` fails or takes longer than `ms`, so a hung dependency cannot hang /readyz. */
async function within(ms: number, probe: () => Promise<unknown>): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([
      probe().then(
        () => true,
        () => false,
      ),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** Probes Temporal (its health service) and Kafka (cluster metadata through a connected admin client). */
export function createReadiness(deps: { temporal: Connection; kafkaAdmin: Admin; timeoutMs?: number }): Readiness {
  const ms = deps.timeoutMs ?? 2000;
  return async () => {
    const [temporal, kafka] = await Promise.all([
      within(ms, () => deps.temporal.healthService.check({})),
      within(ms, () => deps.kafkaAdmin.describeCluster()),
    ]);
    return { temporal, kafka };
  };
}
