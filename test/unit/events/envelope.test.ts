import { describe, expect, it } from 'vitest';
import { GovernanceEvent, cloudEventType, sealEvent, shortEventType } from '../../../events/envelope.ts';
import { computeEventHash } from '../../../events/hash.ts';

const base = {
  event: { type: 'system.proposed', data: { title: 'Credit scoring', owner: 'ana' } },
  systemId: 'credit-scoring',
  sequence: 1,
  prevHash: null,
  namespace: 'default',
  policyVersion: 'ai-governance-code-2026@1.0.0+0123456789ab',
  time: '2026-03-01T09:00:00.000Z',
  actor: 'ana',
};

describe('sealEvent', () => {
  it('builds a CloudEvents 1.0 structured envelope with the chain extensions', () => {
    const e = sealEvent(base);
    expect(e).toMatchObject({
      specversion: '1.0',
      id: 'credit-scoring:1',
      source: '/govflow/default',
      type: 'ai.governance.system.proposed.v1',
      subject: 'credit-scoring',
      time: base.time,
      datacontenttype: 'application/json',
      data: base.event.data,
      sequence: 1,
      prevhash: '',
      policyversion: base.policyVersion,
      partitionkey: 'credit-scoring',
      actor: 'ana',
    });
    expect(e.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(GovernanceEvent.safeParse(e).success).toBe(true);
  });

  it('is deterministic, and the hash ignores key order and survives a JSON round trip', () => {
    const a = sealEvent(base);
    const b = sealEvent({
      ...base,
      event: { type: 'system.proposed', data: { owner: 'ana', title: 'Credit scoring' } },
    });
    expect(b.hash).toBe(a.hash);
    const wire = JSON.parse(JSON.stringify(a)) as Record<string, unknown>;
    expect(computeEventHash(wire)).toBe(a.hash);
  });

  it('hashes the pinned canonical form, so other languages can reproduce it', () => {
    const e = sealEvent({ ...base, event: { type: 'system.proposed', data: { b: 1, a: 'x' } } });
    // RFC 8785: keys sorted, no whitespace; the hash is over everything but `hash` itself.
    expect(computeEventHash(e)).toBe(e.hash);
    expect(sealEvent({ ...base, time: '2026-03-01T09:00:00.001Z' }).hash).not.toBe(e.hash);
  });

  it('links to the previous hash and omits the actor when there is none', () => {
    const first = sealEvent(base);
    const second = sealEvent({
      ...base,
      actor: undefined,
      sequence: 2,
      prevHash: first.hash,
      event: { type: 'risk.assessed', data: {} },
    });
    expect(second.prevhash).toBe(first.hash);
    expect('actor' in second).toBe(false);
    expect(second.id).toBe('credit-scoring:2');
  });

  it.each([
    ['an id that is not <subject>:<sequence>', { id: 'other:1' }],
    ['a partitionkey that is not the subject', { partitionkey: 'other-system' }],
    ['a prevhash on the first event', { prevhash: 'a'.repeat(64) }],
    ['a foreign type', { type: 'com.example.thing' }],
    ['a non-integer sequence', { sequence: 1.5 }],
    ['a time without a zone', { time: '2026-03-01T09:00:00' }],
    ['an upper-case hash', { hash: 'A'.repeat(64) }],
  ])('rejects %s', (_label, patch) => {
    expect(GovernanceEvent.safeParse({ ...sealEvent(base), ...patch }).success).toBe(false);
  });
});

describe('CloudEvents type names', () => {
  it('maps short names to ai.governance.<short>.v1 and back', () => {
    expect(cloudEventType('review.vote_cast')).toBe('ai.governance.review.vote_cast.v1');
    expect(shortEventType('ai.governance.review.vote_cast.v1')).toBe('review.vote_cast');
    expect(shortEventType('com.example.other.v1')).toBeUndefined();
  });
});
