import { condition, defineQuery, defineUpdate, proxyActivities, setHandler } from '@temporalio/workflow';
import type { BareActivities } from './bare-activities.ts';

/** The baseline's shape: as many activities and updates as a govflow lifecycle, and none of its logic. */
export interface BareLifecycleInput {
  systemId: string;
  /** Activities run after start, before the workflow accepts updates (govflow: assess + publish). */
  activitiesBeforeReview: number;
  /** Updates the workflow waits for (govflow: three votes, evidence, deployment). */
  updates: number;
  /** Activities run after each update (govflow: publish its events). */
  activitiesPerUpdate: number;
}

export const bareUpdate = defineUpdate<number, [string]>('bareUpdate');
export const bareReady = defineQuery<boolean>('bareReady');

const { bareStep } = proxyActivities<BareActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '200 milliseconds', maximumAttempts: 20 },
});

/** A bare Temporal workflow: each step publishes one small message, the same I/O as a govflow step. */
export async function bareLifecycle(input: BareLifecycleInput): Promise<void> {
  let ready = false;
  let received = 0;
  let published = 0;
  setHandler(bareReady, () => ready);
  setHandler(
    bareUpdate,
    () => {
      received += 1;
      return received;
    },
    {
      validator: (label: string) => {
        if (!ready) throw new Error(`not ready for ${label}`);
      },
    },
  );
  let step = 0;
  for (let i = 0; i < input.activitiesBeforeReview; i++) await bareStep(input.systemId, ++step);
  ready = true;
  while (published < input.updates) {
    await condition(() => received > published);
    published += 1;
    for (let i = 0; i < input.activitiesPerUpdate; i++) await bareStep(input.systemId, ++step);
  }
}

/** The trivial workflow behind the bare-update latency baseline: an update that returns at once. */
export const bareEcho = defineUpdate<number, [number]>('bareEcho');
export const bareStop = defineUpdate<void, []>('bareStop');
export async function bareEchoWorkflow(): Promise<void> {
  let stop = false;
  setHandler(bareEcho, (n: number) => n);
  setHandler(bareStop, () => {
    stop = true;
  });
  await condition(() => stop);
}
