import { patched, proxyActivities, setHandler } from '@temporalio/workflow';
import type { LifecyclePolicyActivities } from '../activities/lifecycle-policy.ts';
import { parseOrThrow } from '../domain/errors.ts';
import { AcceptDerogation } from '../domain/lifecycle/commands.ts';
import type { Command } from '../domain/lifecycle/decide.ts';
import { checkDerogationAcceptance } from '../domain/lifecycle/decide-derogation.ts';
import type { LifecycleState } from '../domain/lifecycle/state.ts';
import type { CommandTrust } from './command-trust.ts';
import { attempt, type LifecycleRecorder } from './lifecycle-recorder.ts';
import { acceptDerogationUpdate, type UpdateReceipt } from './messages.ts';

/** The patch that lets a committee member accept a derogation claim and the lifecycle re-assess itself: wire name, frozen. */
export const DEROGATION_ACCEPTANCE_PATCH = 'derogation-acceptance';

const { assessProposal } = proxyActivities<LifecyclePolicyActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 10 },
});

const NAME = 'acceptDerogation';
const parse = (raw: unknown) => ({ ...parseOrThrow(AcceptDerogation, raw, `${NAME} input`), type: NAME }) as Command & { type: typeof NAME; actor: string };

/** What every assessment of a lifecycle whose claim was accepted asks for (nothing before an acceptance). */
export const derogationInput = (s: LifecycleState): { derogationAccepted?: true } => (s.derogationAccepted ? { derogationAccepted: true } : {});

/**
 * acceptDerogation: the validator checks the signature and the rules (a committee member, a claim still claimed, no
 * review open), so a refused caller leaves nothing in history; the handler re-assesses the system with the claim
 * accepted (an activity: the pack says what tier that is) and records `derogation.accepted` with who and why.
 */
export function registerDerogationUpdate(rec: LifecycleRecorder, trust: CommandTrust): void {
  const validator = (raw: unknown, proof?: unknown): void => {
    attempt(() => trust.check(NAME, rec.state.systemId, raw, proof, Date.now()));
    rec.check(raw, parse);
  };
  const handler = async (raw: unknown, proof?: unknown): Promise<UpdateReceipt> => {
    const claims = attempt(() => trust.check(NAME, rec.state.systemId, raw, proof, Date.now()));
    if (claims) trust.use(claims, Date.now());
    const command = attempt(() => parse(raw));
    attempt(() => checkDerogationAcceptance(rec.state, command));
    patched(DEROGATION_ACCEPTANCE_PATCH);
    const packs = rec.state.policyPacks ? { packs: rec.state.policyPacks } : {};
    const { assessment } = await assessProposal({ proposal: rec.state.proposal!, pack: rec.state.policyPack ?? undefined, ...packs, derogationAccepted: true });
    // Checked again inside the step: a review may have opened while the assessment ran.
    const { events, state } = rec.apply({ ...command, type: 'recordDerogationAcceptance', assessment }, command.actor, claims ? (proof as string) : undefined);
    return { systemId: state.systemId, events: events.map((e) => e.type), sequence: rec.state.sequence, stage: state.stage };
  };
  setHandler(acceptDerogationUpdate, handler as never, { validator: validator as never });
}
