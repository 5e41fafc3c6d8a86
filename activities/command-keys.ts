import type { Jwks } from '../events/keyring.ts';

/** The public keys of the edge (the API) whose signed commands lifecycles accept, from the worker's configuration. */
export interface CommandKeyDeps {
  /**
   * The keys, or how to read them: read at each start, so a lifecycle started after the operator rotated the key
   * file trusts the new key without a worker restart.
   */
  readonly commandKeys: Jwks | (() => Promise<Jwks>);
}

/** The activity a new lifecycle runs once, at start, to learn which edge keys to trust. */
export function createCommandKeyActivities(deps: CommandKeyDeps) {
  return {
    async loadCommandKeys(): Promise<Jwks> {
      return typeof deps.commandKeys === 'function' ? deps.commandKeys() : deps.commandKeys;
    },
  };
}

/** The command-key activity's type, for `proxyActivities<CommandKeyActivities>()`. */
export type CommandKeyActivities = ReturnType<typeof createCommandKeyActivities>;
