import type { Producer } from 'kafkajs';
import { createLifecyclePolicyActivities } from './lifecycle-policy.ts';
import { createPublishActivities } from './publish-events.ts';

/** Everything the activities need from the outside world, passed in by the worker's composition root. */
export interface ActivityDeps {
  producer: Producer;
  topic: string;
  policyDir: string;
  /** The pack applied when a lifecycle names none. */
  defaultPack?: string;
  /** Whether testing packs may be put in force (GOVFLOW_ENV development or test). */
  allowTestingPacks: boolean;
}

/** All of govflow's activities, built from their dependencies. */
export const createActivities = (deps: ActivityDeps) => ({
  ...createPublishActivities({ producer: deps.producer, topic: deps.topic }),
  ...createLifecyclePolicyActivities({ policyDir: deps.policyDir, defaultPack: deps.defaultPack, allowTestingPacks: deps.allowTestingPacks }),
});

export type Activities = ReturnType<typeof createActivities>;
