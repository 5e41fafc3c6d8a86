import type { Tracer } from '@opentelemetry/api';
import type { Producer } from 'kafkajs';
import type { Signer } from '../adapters/signing-keys.ts';
import type { Jwks } from '../events/keyring.ts';
import { createCommandKeyActivities } from './command-keys.ts';
import { createLifecyclePolicyActivities } from './lifecycle-policy.ts';
import { createPublishActivities, type PublishObserver } from './publish-events.ts';

/** Everything the activities need from the outside world, passed in by the worker's composition root. */
export interface ActivityDeps {
  producer: Producer;
  topic: string;
  /** Where signed checkpoints go (see publish-events). */
  checkpointTopic?: string;
  /** Signs every published event (the engine's event key). */
  eventSigner: Signer;
  /** The public keys of the edge whose signed commands new lifecycles trust (or how to read them at each start). */
  commandKeys: Jwks | (() => Promise<Jwks>);
  policyDir: string;
  /** The pack applied when a lifecycle names none. */
  defaultPack?: string;
  /** Whether testing packs may be put in force (GOVFLOW_ENV development or test). */
  allowTestingPacks: boolean;
  /** The worker's publish metrics and tracer, when it has them. */
  publishObserver?: PublishObserver;
  tracer?: Tracer;
}

/** All of govflow's activities, built from their dependencies. */
export const createActivities = (deps: ActivityDeps) => ({
  ...createPublishActivities({
    producer: deps.producer,
    topic: deps.topic,
    signer: deps.eventSigner,
    ...(deps.checkpointTopic ? { checkpointTopic: deps.checkpointTopic } : {}),
    ...(deps.publishObserver ? { observer: deps.publishObserver } : {}),
    ...(deps.tracer ? { tracer: deps.tracer } : {}),
  }),
  ...createCommandKeyActivities({ commandKeys: deps.commandKeys }),
  ...createLifecyclePolicyActivities({ policyDir: deps.policyDir, defaultPack: deps.defaultPack, allowTestingPacks: deps.allowTestingPacks }),
});

export type Activities = ReturnType<typeof createActivities>;
