import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { DomainError } from '../../../domain/errors.ts';
import type { PolicyPack } from '../../../domain/policy-pack.ts';
import type { Roster } from '../../../domain/roster.ts';
import { decide } from '../../../domain/lifecycle/decide.ts';
import type { Command } from '../../../domain/lifecycle/decide.ts';
import { DomainEvent } from '../../../domain/lifecycle/events.ts';
import { evolve } from '../../../domain/lifecycle/evolve.ts';
import { initialState, LifecycleState } from '../../../domain/lifecycle/state.ts';
import { Harness, proposals, loadTestPolicy } from './fixtures.ts';

let policy: { pack: PolicyPack; roster: Roster };
beforeAll(async () => {
  policy = await loadTestPolicy();
});

const people = ['alice', 'bob', 'carol', 'dave', 'chair-erin', 'adviser-frank', 'olga', 'pat', 'mallory'];
const summary = {
  general: { modelName: 'm', modelVersion: '1', modalities: ['text'], size: '1B', dataCutoff: '2025-01-01' },
  sources: { public: true, licensed: false, user: false, synthetic: false, webTopDomains: [] },
  processing: { copyrightOptOutsHonoured: true, illegalContentRemoved: true },
} as const;

const action = fc.oneof(
  fc.record({ kind: fc.constant('vote' as const), actor: fc.constantFrom(...people), vote: fc.constantFrom('approve', 'reject', 'request_changes') }),
  fc.record({ kind: fc.constant('recuse' as const), actor: fc.constantFrom(...people) }),
  fc.record({ kind: fc.constant('advance' as const), ms: fc.integer({ min: 0, max: 40_000 }) }),
  fc.record({ kind: fc.constant('amend' as const) }),
  fc.record({ kind: fc.constant('deploy' as const), version: fc.constantFrom('1.0.0', '2.0.0') }),
  fc.record({ kind: fc.constant('satisfy' as const), id: fc.constantFrom('bias-audit', 'algorithm-filing', 'user-notice', 'training-data-summary') }),
  fc.record({ kind: fc.constant('incident' as const), severity: fc.constantFrom('minor', 'serious') }),
  fc.record({ kind: fc.constant('modify' as const) }),
  fc.record({ kind: fc.constant('report' as const) }),
  fc.record({ kind: fc.constant('retire' as const), actor: fc.constantFrom('olga', 'chair-erin', 'alice') }),
);
type Action = typeof action extends fc.Arbitrary<infer A> ? A : never;

function toCommand(a: Action, h: Harness): Command | 'assess' {
  switch (a.kind) {
    case 'vote': return { type: 'castVote', actor: a.actor, vote: a.vote, rationale: 'because' };
    case 'recuse': return { type: 'recuse', actor: a.actor, conflict: 'a conflict' };
    case 'advance': h.now += a.ms; return { type: 'tick' };
    case 'amend': return { type: 'amendProposal', actor: 'pat', changes: { purpose: `amended at ${h.now}` } };
    case 'deploy': return { type: 'recordDeployment', actor: 'olga', environment: 'prod', version: a.version };
    case 'satisfy': return { type: 'satisfyCondition', actor: 'olga', conditionId: a.id, evidence: 'evidence' };
    case 'incident': return { type: 'reportIncident', actor: 'olga', severity: a.severity, description: 'd', affectedPeople: 1, causalLinkAt: new Date(h.now).toISOString() };
    case 'modify': return { type: 'requestModification', actor: 'olga', version: '2.0.0', description: 'new model', changes: {} };
    case 'report': return { type: 'submitTransparencyReport', actor: 'olga', trainingDataSummary: structuredClone(summary) as never, changes: 'none' };
    case 'retire': return { type: 'retire', actor: a.actor, reason: 'done' };
  }
}

/** Runs actions, running any pending assessment after each (as the workflow does); calls `check` after each step. */
function explore(tier: keyof typeof proposals, actions: Action[], check: (h: Harness, c: Command | 'assess', events: unknown[]) => void): Harness {
  const h = new Harness(policy, proposals[tier]());
  for (const a of actions) {
    const c = toCommand(a, h);
    if (c === 'assess') continue;
    try {
      const before = structuredClone(h.state);
      const events = h.run(c);
      check(h, c, events);
      expect(before.sequence + events.length).toBe(h.state.sequence);
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
    }
    h.assess();
  }
  return h;
}

const tiers = fc.constantFrom('minimal', 'limited', 'high', 'generative') as fc.Arbitrary<keyof typeof proposals>;

describe('lifecycle invariants', () => {
  it('the state is always the fold of its events, and every event and state is schema-valid', () => {
    fc.assert(fc.property(tiers, fc.array(action, { maxLength: 40 }), (tier, actions) => {
      const h = explore(tier, actions, () => {});
      const folded = h.events.reduce((s, e) => evolve(s, e), initialState(h.state.systemId));
      expect(folded).toEqual(h.state);
      expect(LifecycleState.safeParse(h.state).success).toBe(true);
      expect(h.state.sequence).toBe(h.events.length);
      for (const e of h.events) expect(DomainEvent.safeParse(e).error).toBeUndefined();
    }), { numRuns: 150 });
  });

  it('a vote never counts twice: no voter appears twice in a round', () => {
    fc.assert(fc.property(tiers, fc.array(action, { maxLength: 40 }), (tier, actions) => {
      explore(tier, actions, (h) => {
        const voters = h.state.review?.votes.map((v) => v.voter) ?? [];
        expect(new Set(voters).size).toBe(voters.length);
        for (const v of voters) expect(h.state.review?.expectedVoters).toContain(v);
      });
    }), { numRuns: 150 });
  });

  it('timers never approve, reject, reinstate or deploy', () => {
    const decisions = new Set(['system.approved', 'system.rejected', 'system.reinstated', 'system.deployed', 'review.vote_cast']);
    fc.assert(fc.property(tiers, fc.array(action, { maxLength: 40 }), (tier, actions) => {
      explore(tier, actions, (_h, c, events) => {
        if (typeof c !== 'string' && c.type === 'tick') for (const e of events as { type: string }[]) expect(decisions.has(e.type)).toBe(false);
      });
    }), { numRuns: 150 });
  });

  it('decide is a pure dry run: it changes nothing and gives the same events twice', () => {
    fc.assert(fc.property(tiers, fc.array(action, { maxLength: 30 }), action, (tier, actions, last) => {
      const h = explore(tier, actions, () => {});
      const frozen = structuredClone(h.state);
      const c = toCommand(last, h);
      if (c === 'assess') return;
      const attempt = () => { try { return decide(h.state, c, { now: h.now }); } catch (e) { return (e as DomainError).code; } };
      expect(attempt()).toEqual(attempt());
      expect(h.state).toEqual(frozen);
    }), { numRuns: 150 });
  });
});
