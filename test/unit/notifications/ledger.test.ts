import { describe, expect, it } from 'vitest';
import { DeliveryError, type Sender } from '../../../consumer/notifications/delivery-error.ts';
import { backoffMs, createDispatcher } from '../../../consumer/notifications/dispatcher.ts';
import { openDeliveryLedger, type DeliveryLedger } from '../../../consumer/notifications/ledger.ts';
import type { Notice, SystemFacts } from '../../../consumer/notifications/notice.ts';
import { planDeliveries } from '../../../consumer/notifications/plan.ts';

const notice: Notice = {
  eventId: 's:6', kind: 'review_reminder', systemId: 's', systemName: 'S', recipients: ['alice', 'bob', 'zed'],
  dueAt: null, round: 1, urgent: false, conditions: [], incident: null, path: '/console/systems/s',
};
const facts: SystemFacts = { systemId: 's', name: 'S', owner: 'olga', proposer: 'pat', chairs: [] };
const contact = (id: string) => ({ id, name: id, email: `${id}@example.org`, locale: 'en' as const });
const contacts = new Map([['alice', contact('alice')], ['bob', contact('bob')]]);

/** Stages and accepts one event as the consumer helper does. */
function consume(ledger: DeliveryLedger, sequence: number, offset: string): void {
  const deliveries = planDeliveries(notice, { contacts, webhookTargets: ['ops'] });
  ledger.stage('s', sequence, { facts, notice, deliveries, position: { partition: 2, offset } });
  void ledger.chainStore.accept('s', { sequence, hash: 'h'.repeat(64) }, { sequence, hash: 'h'.repeat(64) });
}

describe('planning', () => {
  it('emails each recipient with an address, records the others as skipped, and posts once per target', () => {
    expect(planDeliveries(notice, { contacts, webhookTargets: ['ops', 'slack'] })).toEqual([
      { recipient: 'alice', channel: 'email' },
      { recipient: 'bob', channel: 'email' },
      { recipient: 'zed', channel: 'email', skipped: 'no email address on file for zed' },
      { recipient: 'ops', channel: 'webhook' },
      { recipient: 'slack', channel: 'webhook' },
    ]);
    expect(planDeliveries(notice, { contacts: null, webhookTargets: [] })).toEqual([]);
    expect(planDeliveries(notice, { contacts, webhookTargets: ['ops'], skip: 'too old' }).every((d) => d.skipped === 'too old')).toBe(true);
  });
});

describe('the delivery ledger', () => {
  it('writes a plan once, with the offset, however often its event is accepted again', () => {
    const ledger = openDeliveryLedger(':memory:');
    consume(ledger, 6, '41');
    consume(ledger, 6, '41');
    expect(ledger.deliveries().map((d) => `${d.channel}:${d.recipient}:${d.status}`)).toEqual([
      'email:alice:pending', 'email:bob:pending', 'email:zed:skipped', 'webhook:ops:pending',
    ]);
    expect(ledger.positions()).toEqual([{ partition: 2, offset: '41' }]);
    expect(ledger.facts('s')).toEqual(facts);
    expect(ledger.chainStore.get('s')).toMatchObject({ sequence: 6 });
  });

  it('writes nothing for an event staged but never accepted (its handler is run again on redelivery)', () => {
    const ledger = openDeliveryLedger(':memory:');
    ledger.stage('s', 6, { facts, notice, deliveries: [{ recipient: 'alice', channel: 'email' }], position: { partition: 0, offset: '1' } });
    expect(ledger.deliveries()).toEqual([]);
    expect(ledger.positions()).toEqual([]);
  });
});

describe('the dispatcher', () => {
  it('backs off 1 s, 2 s, 4 s ... up to 10 minutes', () => {
    expect([1, 2, 3, 4, 20].map(backoffMs)).toEqual([1000, 2000, 4000, 8000, 600_000]);
  });

  it('sends each pending delivery once, retries a failure after its backoff, and gives up on a permanent one', async () => {
    const ledger = openDeliveryLedger(':memory:');
    consume(ledger, 6, '41');
    let clock = 1_000_000;
    const sent: string[] = [];
    let webhookFailures = 1;
    const email: Sender = {
      send: async (d) => {
        if (d.recipient === 'bob') throw new DeliveryError('550 mailbox unknown', true);
        sent.push(`email:${d.recipient}`);
      },
    };
    const webhook: Sender = {
      send: async (d) => {
        if (webhookFailures-- > 0) throw new DeliveryError('HTTP 503', false);
        sent.push(`webhook:${d.recipient}`);
      },
    };
    const dispatcher = createDispatcher({ ledger, senders: { email, webhook }, maxAttempts: 5, now: () => clock });
    expect(await dispatcher.drain()).toBe(3);
    expect(sent).toEqual(['email:alice']);
    expect(ledger.deliveries({ status: 'failed' })).toMatchObject([{ recipient: 'bob', lastError: '550 mailbox unknown', attempts: 1 }]);
    expect(await dispatcher.drain()).toBe(0); // the webhook waits for its backoff
    clock += 1000;
    expect(await dispatcher.drain()).toBe(1);
    expect(sent).toEqual(['email:alice', 'webhook:ops']);
    expect(ledger.deliveries({ status: 'sent' }).map((d) => [d.recipient, d.attempts])).toEqual([['alice', 1], ['ops', 2]]);
    clock += 3_600_000;
    expect(await dispatcher.drain()).toBe(0);
  });

  it('marks a delivery failed after the last attempt', async () => {
    const ledger = openDeliveryLedger(':memory:');
    consume(ledger, 6, '41');
    let clock = 0;
    const down: Sender = { send: async () => Promise.reject(new Error('ECONNREFUSED')) };
    const dispatcher = createDispatcher({ ledger, senders: { email: down, webhook: down }, maxAttempts: 2, now: () => clock });
    await dispatcher.drain();
    clock += 10_000;
    await dispatcher.drain();
    expect(ledger.deliveries({ status: 'failed' }).map((d) => [d.recipient, d.attempts, d.lastError])).toEqual([
      ['alice', 2, 'ECONNREFUSED'], ['bob', 2, 'ECONNREFUSED'], ['ops', 2, 'ECONNREFUSED'],
    ]);
  });
});
