import type { Jwks } from '../events/keyring.ts';

/** The public keys of the edge (the API) whose signed commands lifecycles accept, from the worker's configuration. */
export interface CommandKeyDeps {
  readonly commandKeys: Jwks;
}

/** The activity a new lifecycle runs once, at start, to learn which edge keys to trust. */
export function createCommandKeyActivities(deps: CommandKeyDeps) {
  return {
    async loadCommandKeys(): Promise<Jwks> {
      return deps.commandKeys;
    },
  };
}

/** The command-key activity's type, for `proxyActivities<CommandKeyActivities>()`. */
export type CommandKeyActivities = ReturnType<typeof createCommandKeyActivities>;
