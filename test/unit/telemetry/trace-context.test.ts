import { describe, expect, it } from 'vitest';
import { toKafkaMessage } from '../../../activities/publish-events.ts';
import { GovernanceEvent, sealEvent, type SealInput } from '../../../events/envelope.ts';
import { checkEventSignature } from '../../../events/event-signature.ts';
import { hasValidHash } from '../../../events/hash.ts';
import { traceContextOf, traceIdOf } from '../../../events/trace-context.ts';
import { signed, testEventKeys } from '../../support/test-keys.ts';

const PARENT = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
const input: SealInput = {
  event: { type: 'review.vote_cast', data: { round: 1, voter: 'alice', vote: 'approve', rationale: 'read it' } },
  systemId: 'traced-system', sequence: 1, prevHash: null, namespace: 'default',
  policyVersion: 'test@1.0.0+000000000000', time: '2026-07-01T09:00:00.000Z', actor: 'alice',
};

describe('the trace context on events (CloudEvents distributed tracing)', () => {
  it('is kept from a well-formed carrier and dropped, never recorded, when malformed', () => {
    expect(traceContextOf({ traceparent: PARENT })).toEqual({ traceparent: PARENT });
    expect(traceContextOf({ traceparent: PARENT, tracestate: 'vendor=abc,other=1' })).toEqual({ traceparent: PARENT, tracestate: 'vendor=abc,other=1' });
    expect(traceContextOf({ traceparent: PARENT, tracestate: 'x'.repeat(600) })).toEqual({ traceparent: PARENT });
    expect(traceIdOf(PARENT)).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    for (const bad of [
      undefined, 'x', {}, { traceparent: 42 }, { traceparent: PARENT.toUpperCase() }, { traceparent: `${PARENT}-extra` },
      { traceparent: '00-00000000000000000000000000000000-00f067aa0ba902b7-01' },
      { traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01' },
      { traceparent: 'ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' },
    ]) expect(traceContextOf(bad)).toBeUndefined();
  });

  it('lies outside the hash and the signature: the same decision seals and verifies alike, traced or not', () => {
    const plain = sealEvent(input);
    const traced = sealEvent({ ...input, trace: { traceparent: PARENT, tracestate: 'vendor=abc' } });
    expect(traced.traceparent).toBe(PARENT);
    expect(traced.tracestate).toBe('vendor=abc');
    expect(traced.hash).toBe(plain.hash);
    const sealedAndSigned = signed(traced);
    expect(checkEventSignature(sealedAndSigned, testEventKeys.trusted)).toEqual({ ok: true });
    // A consumer that drops or continues the context does not break the chain.
    const dropped: Record<string, unknown> = { ...sealedAndSigned };
    delete dropped.traceparent;
    delete dropped.tracestate;
    expect(hasValidHash(dropped as typeof sealedAndSigned)).toBe(true);
    expect(GovernanceEvent.safeParse(sealedAndSigned).success).toBe(true);
  });

  it('is part of the event as sealed, so a retried publish sends the very same bytes', () => {
    const event = signed(sealEvent({ ...input, trace: { traceparent: PARENT } }));
    expect(toKafkaMessage(structuredClone(event))).toEqual(toKafkaMessage(event));
    expect(JSON.parse(toKafkaMessage(event).value).traceparent).toBe(PARENT);
  });

  it('refuses an envelope whose trace context is malformed', () => {
    const event = { ...sealEvent(input), traceparent: '00-abc-def-01' };
    const parsed = GovernanceEvent.safeParse(event);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => i.path.join('.'))).toEqual(['traceparent']);
  });
});
