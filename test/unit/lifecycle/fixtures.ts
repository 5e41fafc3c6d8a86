import { fileURLToPath } from 'node:url';
import { loadPolicyPack, loadRoster } from '../../../adapters/policy-files.ts';
import { assessRisk } from '../../../domain/assess-risk.ts';
import type { PolicyPack } from '../../../domain/policy-pack.ts';
import { Proposal } from '../../../domain/proposal.ts';
import type { ProposalInput } from '../../../domain/proposal.ts';
import type { Roster } from '../../../domain/roster.ts';
import type { Command } from '../../../domain/lifecycle/decide.ts';
import type { DomainEvent } from '../../../domain/lifecycle/events.ts';
import { initialState } from '../../../domain/lifecycle/state.ts';
import { awaiting, step } from '../../../domain/lifecycle/step.ts';
import type { LifecycleState } from '../../../domain/lifecycle/state.ts';

const policyDir = fileURLToPath(new URL('../../../policies/', import.meta.url));

/** The test pack and its roster, from the repository's policy files. */
export async function loadTestPolicy(): Promise<{ pack: PolicyPack; roster: Roster }> {
  const pack = await loadPolicyPack(policyDir, 'test');
  return { pack, roster: await loadRoster(`${policyDir}rosters`, pack.roster) };
}

/** A proposal with full evidence (minimal tier under the test pack), with top-level fields overridden. */
export function proposal(overrides: Partial<ProposalInput> = {}): Proposal {
  return Proposal.parse({
    systemId: 'doc-search', name: 'Document search', ownerTeam: 'Knowledge', proposer: 'pat', owner: 'olga',
    sector: 'other', purpose: 'Rank internal manuals.', deploymentContext: 'Intranet search.',
    affected: { monthlyUsers: 100, minors: false, vulnerableGroups: false },
    model: { type: 'recommender', version: '1.0.0', largeScale: false },
    oversight: { autonomy: 'advisory', canOverride: ['olga'], canStop: ['olga'] },
    evidence: {
      safety: { tested: true, redTeaming: true },
      dataEthics: { provenanceDocumented: true, consentObtained: true },
      privacy: { impactAssessment: true, minimisation: true },
      bias: { evaluated: true, metrics: ['exposure'], groups: ['department'] },
      explainability: { approach: 'Highlights matches.', userFacingExplanations: true },
    },
    ...overrides,
  });
}

/** Proposals per tier under the test pack. */
export const proposals = {
  minimal: () => proposal(),
  limited: () => proposal({ evidence: { safety: { tested: true, redTeaming: true } } }),
  high: () => proposal({ sector: 'finance' }),
  prohibited: () => proposal({ practices: ['social_scoring'] }),
  generative: () => proposal({ model: { type: 'generative', version: '1.0.0', largeScale: true } }),
};

/** A tiny in-memory lifecycle: the decider's step at a controllable clock, keeping every event. */
export class Harness {
  state: LifecycleState;
  readonly events: DomainEvent[] = [];
  now = Date.UTC(2026, 0, 1);
  /** As the workflow decides since the one rule set (runs recorded before it pass false). */
  recordConflicts = true;
  /** As the workflow decides deployments since duties had applicability dates (runs recorded before pass false). */
  upcomingDuties = true;

  constructor(readonly policy: { pack: PolicyPack; roster: Roster }, p: Proposal) {
    this.state = initialState(p.systemId);
    this.run({ type: 'propose', proposal: p, policyPack: 'test', actor: p.proposer });
    this.assess();
  }

  /** Steps a command; returns its events. */
  run(c: Command): DomainEvent[] {
    const { events, state } = step(this.state, c, { now: this.now, recordConflicts: this.recordConflicts, upcomingDuties: this.upcomingDuties });
    this.state = state;
    this.events.push(...events);
    return events;
  }

  /** Runs the assessment the state waits for, as the workflow does (with this harness's roster). */
  assess(roster: Roster = this.policy.roster): DomainEvent[] {
    const request = awaiting(this.state, { now: this.now }).assessment;
    if (!request) return [];
    return this.run({ type: 'recordAssessment', assessment: assessRisk(request.proposal, this.policy.pack), roster });
  }

  /** Moves the clock and fires due timers. */
  advance(ms: number): DomainEvent[] {
    this.now += ms;
    return this.run({ type: 'tick' });
  }

  vote(actor: string, vote: 'approve' | 'reject' | 'request_changes'): DomainEvent[] {
    return this.run({ type: 'castVote', actor, vote, rationale: `${actor} says ${vote}` });
  }

  types(): string[] {
    return this.events.map((e) => e.type);
  }
}
