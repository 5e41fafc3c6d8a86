import { parseOrThrow } from '../domain/errors.ts';
import { AcceptDerogation } from '../domain/lifecycle/commands.ts';
import type { Command } from '../domain/lifecycle/decide.ts';
import { checkDerogationAcceptance } from '../domain/lifecycle/decide-derogation.ts';
import type { LifecycleState } from '../domain/lifecycle/state.ts';
import type { CommandTrust } from './command-trust.ts';
import type { LifecycleRecorder } from './lifecycle-recorder.ts';
import { acceptDerogationUpdate } from './messages.ts';
import { registerReassessingUpdate } from './reassessing-update.ts';

/** The patch that lets a committee member accept a derogation claim and the lifecycle re-assess itself: wire name, frozen. */
export const DEROGATION_ACCEPTANCE_PATCH = 'derogation-acceptance';

const NAME = 'acceptDerogation';
const parse = (raw: unknown) => ({ ...parseOrThrow(AcceptDerogation, raw, `${NAME} input`), type: NAME }) as Command & { type: typeof NAME; actor: string };

/** What every assessment of a lifecycle whose claim was accepted asks for (nothing before an acceptance). */
export const derogationInput = (s: LifecycleState): { derogationAccepted?: true } => (s.derogationAccepted ? { derogationAccepted: true } : {});

/**
 * acceptDerogation: the rules (a committee member, a claim still claimed, no review open) are checked before history;
 * the handler re-assesses the system with the claim accepted (the pack says what tier that is) and records
 * `derogation.accepted` with who and why.
 */
export function registerDerogationUpdate(rec: LifecycleRecorder, trust: CommandTrust): void {
  registerReassessingUpdate(rec, trust, {
    name: NAME,
    definition: acceptDerogationUpdate,
    patch: DEROGATION_ACCEPTANCE_PATCH,
    parse,
    request: (state, command) => {
      checkDerogationAcceptance(state, command);
      const packs = state.policyPacks ? { packs: state.policyPacks } : {};
      return { proposal: state.proposal!, pack: state.policyPack ?? undefined, ...packs, derogationAccepted: true };
    },
    record: (command, assessment) => ({ ...command, type: 'recordDerogationAcceptance', assessment }) as Command,
  });
}
