import type { Contact } from './contacts.ts';
import type { PlannedDelivery } from './ledger.ts';
import type { Notice } from './notice.ts';

/** What planning needs to know: who can be emailed (email off: null), which webhook targets exist, and staleness. */
export interface PlanContext {
  readonly contacts: ReadonlyMap<string, Contact> | null;
  readonly webhookTargets: readonly string[];
  /** Why the event is not to be sent at all (too old when first read), recorded on each delivery. */
  readonly skip?: string | undefined;
}

/**
 * The messages of one notice: an email to each recipient (recorded as skipped when nobody knows their address) and
 * one webhook per target. The ledger keys each by event id + recipient + channel.
 */
export function planDeliveries(notice: Notice, ctx: PlanContext): PlannedDelivery[] {
  const skip = ctx.skip ? { skipped: ctx.skip } : {};
  const contacts = ctx.contacts;
  const emails: PlannedDelivery[] = contacts
    ? notice.recipients.map((recipient) =>
        contacts.has(recipient)
          ? { recipient, channel: 'email', ...skip }
          : { recipient, channel: 'email', skipped: ctx.skip ?? `no email address on file for ${recipient}` },
      )
    : [];
  const hooks: PlannedDelivery[] = ctx.webhookTargets.map((recipient) => ({ recipient, channel: 'webhook', ...skip }));
  return [...emails, ...hooks];
}
