import { parseOrThrow } from '../domain/errors.ts';
import { ApplyPolicyVersion } from '../domain/lifecycle/commands.ts';
import type { Command } from '../domain/lifecycle/decide.ts';
import { packsWithVersion } from '../domain/lifecycle/decide-policy.ts';
import type { CommandTrust } from './command-trust.ts';
import { derogationInput } from './derogation.ts';
import type { LifecycleRecorder } from './lifecycle-recorder.ts';
import { applyPolicyVersionUpdate } from './messages.ts';
import { registerReassessingUpdate } from './reassessing-update.ts';

/** The patch that lets a lifecycle assess itself under another pack version on request: wire name, frozen. */
export const POLICY_VERSION_PATCH = 'policy-version-apply';

const NAME = 'applyPolicyVersion';
const parse = (raw: unknown) => ({ ...parseOrThrow(ApplyPolicyVersion, raw, `${NAME} input`), type: NAME }) as Command & { type: typeof NAME; actor: string };

/**
 * applyPolicyVersion: needs I/O before it can decide (the pack version's file), so the handler assesses the system
 * under the new version and then records what changed, which may be nothing at all.
 */
export function registerPolicyVersionUpdate(rec: LifecycleRecorder, trust: CommandTrust): void {
  registerReassessingUpdate(rec, trust, {
    name: NAME,
    definition: applyPolicyVersionUpdate,
    patch: POLICY_VERSION_PATCH,
    parse,
    request: (state, command) => {
      const packs = packsWithVersion(state, command);
      return { proposal: state.proposal!, pack: packs[0]!, ...(packs.length > 1 ? { packs } : {}), ...derogationInput(state) };
    },
    record: (command, assessment) => ({ ...command, type: 'recordPolicyVersion', assessment }) as Command,
  });
}
