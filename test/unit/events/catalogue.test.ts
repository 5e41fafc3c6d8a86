import { describe, expect, it } from 'vitest';
import { domainEventTypes } from '../../../domain/lifecycle/events.ts';
import { KnownGovernanceEvent, catalogue, catalogueEntry } from '../../../events/catalogue.ts';
import { sealEvent } from '../../../events/envelope.ts';

const vote = sealEvent({
  event: {
    type: 'review.vote_cast',
    data: { round: 1, voter: 'li.wei', vote: 'approve', rationale: 'Bias tests are convincing.' },
  },
  systemId: 'loan-triage',
  sequence: 4,
  prevHash: 'a'.repeat(64),
  namespace: 'default',
  policyVersion: 'ai-governance-code-2026@1.0.0+0123456789ab',
  time: '2026-03-01T09:00:00.000Z',
  actor: 'li.wei',
});

describe('the event catalogue', () => {
  it('has exactly one entry per domain event type, named ai.governance.<short>.v1', () => {
    expect(catalogue.map((e) => e.short)).toEqual(domainEventTypes);
    for (const e of catalogue) expect(e.type).toBe(`ai.governance.${e.short}.v1`);
    expect(new Set(catalogue.map((e) => e.type)).size).toBe(catalogue.length);
  });

  it('documents every entry: when it is emitted and what its data means', () => {
    for (const e of catalogue) {
      expect(e.when.length, e.short).toBeGreaterThan(20);
      expect(e.data.length, e.short).toBeGreaterThan(20);
      expect(['system', 'risk', 'review', 'condition', 'report', 'incident', 'decision', 'policy', 'lifecycle', 'derogation']).toContain(e.entity);
    }
  });

  it('accepts a sealed event whose data fits its type, through the entry and through the union', () => {
    expect(catalogueEntry(vote.type)?.envelopeSchema.safeParse(vote).success).toBe(true);
    expect(KnownGovernanceEvent.safeParse(vote).success).toBe(true);
  });

  it('rejects data that does not fit the type, and an envelope whose id does not match', () => {
    expect(
      KnownGovernanceEvent.safeParse({ ...vote, data: { round: 1, voter: 'li.wei', vote: 'maybe', rationale: '' } })
        .success,
    ).toBe(false);
    expect(KnownGovernanceEvent.safeParse({ ...vote, id: 'loan-triage:5' }).success).toBe(false);
  });

  it('knows nothing of a future type, so consumers can route it to their fallback', () => {
    expect(catalogueEntry('ai.governance.system.renamed.v1')).toBeUndefined();
    expect(KnownGovernanceEvent.safeParse({ ...vote, type: 'ai.governance.system.renamed.v1' }).success).toBe(false);
  });
});
