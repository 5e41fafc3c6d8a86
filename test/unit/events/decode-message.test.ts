import { describe, expect, it } from 'vitest';
import { decodeMessage } from '../../../consumer/governance-consumer.ts';
import { voteChain } from '../../support/event-chains.ts';

const good = voteChain('loan-triage', 1)[0]!;
const buf = (v: unknown) => ({ value: Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)) });

describe('decodeMessage', () => {
  it('returns the envelope exactly as sent, so its hash can be checked', () => {
    const withExtension = { ...good, traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01', labs: 'x' };
    const decoded = decodeMessage(buf(withExtension));
    expect(decoded).toEqual({ ok: true, event: withExtension });
  });

  it.each([
    ['an empty record', { value: null }, /^empty message/],
    ['text that is not JSON', buf('{"specversion":'), /^not JSON/],
    ['JSON that is not an envelope', buf({ hello: 'world' }), /^not a governance event/],
    ['a malformed trace context', buf({ ...good, traceparent: '00-abc-def-01' }), /traceparent/],
    [
      'a known type whose data does not fit',
      buf({ ...good, data: { round: 0 } }),
      /^invalid ai\.governance\.review\.vote_cast\.v1/,
    ],
  ])('refuses %s, saying why', (_label, message, reason) => {
    const decoded = decodeMessage(message);
    expect(decoded.ok).toBe(false);
    expect(decoded.ok ? '' : decoded.reason).toMatch(reason);
  });

  it('accepts an unknown future type with any data, and skips the data check when asked', () => {
    expect(decodeMessage(buf({ ...good, type: 'ai.governance.system.renamed.v1', data: { to: 'x' } })).ok).toBe(true);
    expect(decodeMessage(buf({ ...good, data: { round: 0 } }), { typed: false }).ok).toBe(true);
  });
});
