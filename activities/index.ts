import type { Producer } from 'kafkajs';
import type { Signer } from '../adapters/signing-keys.ts';
import { createLifecyclePolicyActivities } from './lifecycle-policy.ts';
import { createPublishActivities } from './publish-events.ts';

/** Everything the activities need from the outside world, passed in by the worker's composition root. */
export interface ActivityDeps {
  producer: Producer;
  topic: string;
  /** Signs every published event (the engine's event key). */
  eventSigner: Signer;
  policyDir: string;
  /** The pack applied when a proposal names none. */
  defaultPack?: string;
}

/** All of govflow's activities, built from their dependencies. */
export const createActivities = (deps: ActivityDeps) => ({
  ...createPublishActivities({ producer: deps.producer, topic: deps.topic, signer: deps.eventSigner }),
  ...createLifecyclePolicyActivities({ policyDir: deps.policyDir, defaultPack: deps.defaultPack }),
});

export type Activities = ReturnType<typeof createActivities>;
