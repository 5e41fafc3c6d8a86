import { patched, proxyActivities, setHandler } from '@temporalio/workflow';
import type { AssessProposalInput, LifecyclePolicyActivities } from '../activities/lifecycle-policy.ts';
import type { RiskAssessment } from '../domain/assess-risk.ts';
import type { Command } from '../domain/lifecycle/decide.ts';
import type { LifecycleState } from '../domain/lifecycle/state.ts';
import type { CommandTrust } from './command-trust.ts';
import { attempt, type LifecycleRecorder } from './lifecycle-recorder.ts';
import type { lifecycleUpdates, UpdateReceipt } from './messages.ts';

/** The assessment activity, as every part of the lifecycle workflow calls it. */
export const { assessProposal } = proxyActivities<LifecyclePolicyActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 10 },
});

/** An update that must assess the system again (an activity) before the decider can record it. */
export interface ReassessingUpdate<C extends Command & { actor: string }> {
  readonly name: keyof typeof lifecycleUpdates;
  readonly definition: (typeof lifecycleUpdates)[keyof typeof lifecycleUpdates];
  /** The patch whose marker the handler records before the assessment: wire name, frozen. */
  readonly patch: string;
  readonly parse: (raw: unknown) => C;
  /** What to assess, from the state and the command; throws a refusal before anything is recorded. */
  readonly request: (state: LifecycleState, command: C) => AssessProposalInput;
  /** The decider's step for the command and its new assessment. */
  readonly record: (command: C, assessment: RiskAssessment) => Command;
}

/**
 * Registers such an update: the validator checks the signature and the rules, so a refused caller leaves nothing in
 * history; the handler checks again, marks its patch, runs the assessment and steps the decider, which checks once
 * more (a review may have opened while the assessment ran).
 */
export function registerReassessingUpdate<C extends Command & { actor: string }>(rec: LifecycleRecorder, trust: CommandTrust, u: ReassessingUpdate<C>): void {
  const validator = (raw: unknown, proof?: unknown): void => {
    attempt(() => trust.check(u.name, rec.state.systemId, raw, proof, Date.now()));
    rec.check(raw, u.parse);
  };
  const handler = async (raw: unknown, proof?: unknown): Promise<UpdateReceipt> => {
    const claims = attempt(() => trust.check(u.name, rec.state.systemId, raw, proof, Date.now()));
    if (claims) trust.use(claims, Date.now());
    const command = attempt(() => u.parse(raw));
    const request = attempt(() => u.request(rec.state, command));
    patched(u.patch);
    const { assessment } = await assessProposal(request);
    const { events, state } = rec.apply(u.record(command, assessment), command.actor, claims ? (proof as string) : undefined);
    return { systemId: state.systemId, events: events.map((e) => e.type), sequence: rec.state.sequence, stage: state.stage };
  };
  setHandler(u.definition as never, handler as never, { validator: validator as never });
}
