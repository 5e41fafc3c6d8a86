import { patched, proxyActivities, setHandler } from '@temporalio/workflow';
import type { LifecyclePolicyActivities } from '../activities/lifecycle-policy.ts';
import { parseOrThrow } from '../domain/errors.ts';
import { ApplyPolicyVersion } from '../domain/lifecycle/commands.ts';
import type { Command } from '../domain/lifecycle/decide.ts';
import { packsWithVersion } from '../domain/lifecycle/decide-policy.ts';
import type { CommandTrust } from './command-trust.ts';
import { derogationInput } from './derogation.ts';
import { attempt, type LifecycleRecorder } from './lifecycle-recorder.ts';
import { applyPolicyVersionUpdate, type UpdateReceipt } from './messages.ts';

/** The patch that lets a lifecycle assess itself under another pack version on request: wire name, frozen. */
export const POLICY_VERSION_PATCH = 'policy-version-apply';

const { assessProposal } = proxyActivities<LifecyclePolicyActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 10 },
});

const NAME = 'applyPolicyVersion';
const parse = (raw: unknown) => ({ ...parseOrThrow(ApplyPolicyVersion, raw, `${NAME} input`), type: NAME }) as Command & { type: typeof NAME; actor: string };

/**
 * applyPolicyVersion: the one update that needs I/O before it can decide (the pack version's file). The validator
 * checks the signature and the rules, so a refused caller leaves nothing in history; the handler assesses the
 * system under the new version (an activity) and then records what changed, which may be nothing at all.
 */
export function registerPolicyVersionUpdate(rec: LifecycleRecorder, trust: CommandTrust): void {
  const validator = (raw: unknown, proof?: unknown): void => {
    attempt(() => trust.check(NAME, rec.state.systemId, raw, proof, Date.now()));
    rec.check(raw, parse);
  };
  const handler = async (raw: unknown, proof?: unknown): Promise<UpdateReceipt> => {
    const claims = attempt(() => trust.check(NAME, rec.state.systemId, raw, proof, Date.now()));
    if (claims) trust.use(claims, Date.now());
    const command = attempt(() => parse(raw));
    const packs = attempt(() => packsWithVersion(rec.state, command));
    patched(POLICY_VERSION_PATCH);
    const { assessment } = await assessProposal({ proposal: rec.state.proposal!, pack: packs[0]!, ...(packs.length > 1 ? { packs } : {}), ...derogationInput(rec.state) });
    // Checked again inside the step: a review may have opened while the assessment ran.
    const { events, state } = rec.apply({ ...command, type: 'recordPolicyVersion', assessment }, command.actor, claims ? (proof as string) : undefined);
    return { systemId: state.systemId, events: events.map((e) => e.type), sequence: rec.state.sequence, stage: state.stage };
  };
  setHandler(applyPolicyVersionUpdate, handler as never, { validator: validator as never });
}
