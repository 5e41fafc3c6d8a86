import { describe, expect, it } from 'vitest';
import { openRegistryProjection } from '../../../consumer/registry-projection.ts';
import { evolve } from '../../../domain/lifecycle/evolve.ts';
import { initialState } from '../../../domain/lifecycle/state.ts';
import type { DomainEvent } from '../../../domain/lifecycle/events.ts';
import { sealEvent, type GovernanceEvent } from '../../../events/envelope.ts';
import { voteChain } from '../../support/event-chains.ts';

const minimalProposal = {
  systemId: 'faq-bot',
  name: 'FAQ bot',
  ownerTeam: 'Support',
  proposer: 'pat',
  owner: 'olga',
  sector: 'other',
  purpose: 'Answers questions.',
  deploymentContext: 'Help centre.',
  practices: [],
  affected: { monthlyUsers: 100, minors: false, vulnerableGroups: false },
  model: { type: 'recommender', version: '1.0.0', largeScale: false },
  oversight: { autonomy: 'advisory', canOverride: ['olga'], canStop: ['olga'] },
  evidence: {},
};

function sealAll(systemId: string, events: DomainEvent[]): GovernanceEvent[] {
  const out: GovernanceEvent[] = [];
  events.forEach((event, i) =>
    out.push(
      sealEvent({
        event,
        systemId,
        sequence: i + 1,
        prevHash: out.at(-1)?.hash ?? null,
        namespace: 'default',
        policyVersion: 'test@1+000000000000',
        time: `2026-01-01T00:00:0${i}.000Z`,
      }),
    ),
  );
  return out;
}

describe('the registry projection', () => {
  const events: DomainEvent[] = [
    {
      type: 'system.proposed',
      data: { proposal: minimalProposal, policyPack: 'test', proposedBy: 'pat' },
    } as unknown as DomainEvent,
    { type: 'condition.satisfied', data: { conditionId: 'none', evidence: 'n/a', satisfiedBy: 'olga' } },
    { type: 'system.retired', data: { by: 'owner', actor: 'olga', reason: 'Replaced.' } },
  ];

  it('folds events with the same evolve as the workflow, and lists the system', () => {
    const sealed = sealAll('faq-bot', events);
    const p = openRegistryProjection(':memory:');
    for (const e of sealed) p.apply(e);
    const expected = events.reduce((s, e, i) => evolve(s, e, sealed[i]!.hash), initialState('faq-bot'));
    expect(p.state('faq-bot')).toEqual(expected);
    expect(p.entry('faq-bot')).toMatchObject({
      systemId: 'faq-bot',
      name: 'FAQ bot',
      stage: 'retired',
      owner: 'olga',
      sequence: 3,
      lastHash: sealed[2]!.hash,
    });
    expect(p.list().map((e) => e.systemId)).toEqual(['faq-bot']);
    p.close();
  });

  it('folds each event once, however often it is applied', () => {
    const sealed = sealAll('faq-bot', events);
    const p = openRegistryProjection(':memory:');
    expect(sealed.map((e) => p.apply(e))).toEqual([true, true, true]);
    expect(sealed.map((e) => p.apply(e))).toEqual([false, false, false]);
    expect(p.state('faq-bot')?.sequence).toBe(3);
    p.close();
  });

  it('keeps events of unknown types aside instead of dropping them, and keeps chain cursors and accepted hashes', () => {
    const p = openRegistryProjection(':memory:');
    const future = { ...voteChain('future-sys', 1)[0]!, type: 'ai.governance.system.renamed.v1' };
    expect(p.apply(future)).toBe(false);
    expect(p.unknownEvents().map((e) => e.id)).toEqual(['future-sys:1']);
    void p.chainStore.accept('future-sys', { sequence: 1, hash: future.hash, missing: [] }, { sequence: 1, hash: future.hash });
    expect(p.chainStore.get('future-sys')).toEqual({ sequence: 1, hash: future.hash, missing: [] });
    expect(p.chainStore.hashAt('future-sys', 1)).toBe(future.hash);
    expect(p.chainStore.hashAt('future-sys', 2)).toBeUndefined();
    p.close();
  });

  it('keeps quarantined events with their reason', () => {
    const p = openRegistryProjection(':memory:');
    const [e] = voteChain('q-sys', 1);
    p.quarantine(e!, { systemId: 'q-sys', sequence: 1, kind: 'unsigned', detail: 'the event carries no signature' });
    expect(p.quarantined()).toEqual([{ event: e, kind: 'unsigned', detail: 'the event carries no signature' }]);
    p.close();
  });
});
