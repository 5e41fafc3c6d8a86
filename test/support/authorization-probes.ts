import type { Role } from '../../domain/identity.ts';
import { DomainError } from '../../domain/errors.ts';
import { decide, type Command } from '../../domain/lifecycle/decide.ts';
import type { LifecycleState } from '../../domain/lifecycle/state.ts';
import type { UpdateName } from '../../domain/lifecycle/commands.ts';

// The commands the authorisation matrix sends, as the API receives them and as decide receives them.

/** One command as the API receives it (path and body) and as decide receives it (the update input). */
export interface Probe {
  readonly action: UpdateName;
  readonly path: string;
  readonly body: Record<string, unknown>;
  readonly input: (actor: string) => Record<string, unknown>;
}

const trainingDataSummary = {
  general: { modelName: 'm', modelVersion: '1', modalities: ['text'], size: '1GB', dataCutoff: '2026-01-01' },
  sources: { public: true, licensed: false, user: false, synthetic: false, webTopDomains: [] },
  processing: { copyrightOptOutsHonoured: true, illegalContentRemoved: true },
};
const same = (body: Record<string, unknown>) => (actor: string) => ({ ...body, actor });

/**
 * The commands on `systemId`: evidence for `conditionId`, a deployment of the approved `version`, an incident caused
 * at `causalLinkAt` (after the proposal and not ahead of the clock: by default the in-memory client's fixed time).
 */
export const probesFor = (conditionId: string, systemId: string, version = '3.2.0', causalLinkAt = '2026-06-01T12:00:00Z'): readonly Probe[] => {
  const sys = `/v1/systems/${systemId}`;
  const incident = { severity: 'minor', description: 'a batch scored twice', affectedPeople: 1, causalLinkAt };
  return [
  { action: 'castVote', path: `${sys}/votes`, body: { vote: 'approve', rationale: 'r' }, input: same({ vote: 'approve', rationale: 'r' }) },
  { action: 'recuse', path: `${sys}/recusals`, body: { conflict: 'c' }, input: same({ conflict: 'c' }) },
  { action: 'amendProposal', path: `${sys}/amendments`, body: { changes: { purpose: 'p' } }, input: same({ changes: { purpose: 'p' } }) },
  {
    action: 'satisfyCondition', path: `${sys}/conditions/${conditionId}/evidence`, body: { evidence: 'e' },
    input: same({ conditionId, evidence: 'e' }),
  },
  {
    action: 'recordDeployment', path: `${sys}/deployments`, body: { environment: 'production', version },
    input: (actor) => ({ environment: 'production', version, deployer: actor, actor }),
  },
  { action: 'reportIncident', path: `${sys}/incidents`, body: incident, input: same(incident) },
  {
    action: 'submitTransparencyReport', path: `${sys}/transparency-reports`, body: { changes: 'none', trainingDataSummary },
    input: same({ changes: 'none', trainingDataSummary }),
  },
  {
    action: 'requestModification', path: `${sys}/modifications`, body: { version: '4.0.0', description: 'd' },
    input: (actor) => ({ version: '4.0.0', description: 'd', changes: {}, actor }),
  },
  { action: 'retire', path: `${sys}/retirement`, body: { reason: 'r' }, input: same({ reason: 'r' }) },
  ];
};

/** The command decide receives for a probe by `actor` with `roles`, as the API sends it. */
export const commandOf = (p: Probe, actor: string, roles: readonly Role[]): Command =>
  ({ type: p.action, ...p.input(actor), roles: [...roles] }) as Command;

/** What decide (the workflow's final word) says to a command on `s`: `allowed`, or the refusal's code. */
export function decided(s: LifecycleState, command: Command, now: number): string {
  try {
    decide(s, command, { now, recordConflicts: true });
    return 'allowed';
  } catch (e) {
    if (e instanceof DomainError) return e.code;
    throw e;
  }
}
