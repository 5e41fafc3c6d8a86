import type { Kafka } from 'kafkajs';
import type { DomainEvent } from '../../domain/lifecycle/events.ts';
import { catalogue } from '../../events/catalogue.ts';
import { shortEventType, type GovernanceEvent } from '../../events/envelope.ts';
import type { TrustedKeys } from '../../events/keyring.ts';
import { createGovernanceConsumer, type DeliveryPosition, type GovernanceConsumer, type GovernanceHandlers } from '../governance-consumer.ts';
import type { Contact } from './contacts.ts';
import type { Sender } from './delivery-error.ts';
import { createDispatcher, type Dispatcher } from './dispatcher.ts';
import type { Delivery, DeliveryLedger } from './ledger.ts';
import { evolveFacts, noticeOf } from './notice.ts';
import { planDeliveries } from './plan.ts';

/** What the notifications consumer is built from; senders absent are channels switched off. */
export interface NotifierOptions {
  readonly kafka: Kafka;
  readonly groupId: string;
  readonly topic?: string;
  /** Only events signed by these keys are ever the cause of a message. */
  readonly trustedKeys: TrustedKeys;
  readonly ledger: DeliveryLedger;
  readonly contacts: ReadonlyMap<string, Contact>;
  readonly email?: Sender | undefined;
  readonly webhooks?: { readonly sender: Sender; readonly targets: readonly string[] } | undefined;
  readonly maxAgeSeconds: number;
  readonly maxAttempts: number;
  readonly pollMs?: number;
  readonly now?: () => number;
  readonly onOutcome?: (d: Delivery, outcome: 'sent' | 'retry' | 'failed', error?: string) => void;
}

/** The running notifications consumer: reads the verified topic, plans into the ledger, sends from it. */
export interface Notifier {
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Sends everything due now (the loop does this on its own; tests call it to wait). */
  drain(): Promise<number>;
  readonly consumer: GovernanceConsumer;
}

/**
 * The notifications consumer. Each strictly verified event is planned (who is told, on which channel) and the plan
 * is written with the system's chain cursor and the consumer's offset in one transaction; sending happens after,
 * from the ledger, so a slow mail server never holds up the consumer and a failed send is retried, not replanned.
 */
export function createNotifier(opts: NotifierOptions): Notifier {
  const now = opts.now ?? Date.now;
  const { ledger } = opts;
  const dispatcher: Dispatcher = createDispatcher({
    ledger,
    senders: { ...(opts.email ? { email: opts.email } : {}), ...(opts.webhooks ? { webhook: opts.webhooks.sender } : {}) },
    maxAttempts: opts.maxAttempts,
    ...(opts.pollMs ? { pollMs: opts.pollMs } : {}),
    now,
    ...(opts.onOutcome ? { onOutcome: opts.onOutcome } : {}),
  });

  const plan = async (event: GovernanceEvent, at: DeliveryPosition): Promise<void> => {
    // The consumer helper parsed the data against this type's schema before any handler sees it.
    const domain = { type: shortEventType(event.type), data: event.data } as DomainEvent;
    const before = ledger.facts(event.subject);
    const notice = noticeOf(event.id, event.subject, domain, before);
    const ageSeconds = (now() - Date.parse(event.time)) / 1000;
    const skip = ageSeconds > opts.maxAgeSeconds ? `the event was ${Math.round(ageSeconds)} s old when first read` : undefined;
    const deliveries = notice
      ? planDeliveries(notice, { contacts: opts.email ? opts.contacts : null, webhookTargets: opts.webhooks?.targets ?? [], skip })
      : [];
    ledger.stage(event.subject, event.sequence, { facts: evolveFacts(before, event.subject, domain), notice, deliveries, position: at });
  };
  const handlers = Object.fromEntries(catalogue.map((entry) => [entry.type, plan])) as GovernanceHandlers;
  const consumer = createGovernanceConsumer({
    kafka: opts.kafka,
    groupId: opts.groupId,
    ...(opts.topic ? { topic: opts.topic } : {}),
    handlers,
    trustedKeys: opts.trustedKeys,
    // A type this version does not know names nobody it could tell.
    onUnknown: async () => undefined,
    store: {
      ...ledger.chainStore,
      accept: (systemId, cursor, link) => {
        void ledger.chainStore.accept(systemId, cursor, link);
        dispatcher.kick();
      },
    },
  });

  return {
    async start() {
      dispatcher.start();
      await consumer.start();
    },
    async stop() {
      await consumer.stop();
      await dispatcher.stop();
    },
    drain: () => dispatcher.drain(),
    consumer,
  };
}
