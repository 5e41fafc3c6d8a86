import nodemailer from 'nodemailer';
import type { SmtpSettings } from '../../config/notify.ts';
import type { ContactDirectory } from './contacts.ts';
import { DeliveryError, type Sender } from './delivery-error.ts';
import { renderEmail } from './render.ts';

/** The Message-ID of a notice to a person: the same on every attempt, so a mail store can drop a rare second copy. */
export const messageIdOf = (eventId: string, recipient: string): string =>
  `<${encodeURIComponent(eventId)}.${encodeURIComponent(recipient)}@govflow.notifications>`;

/** SMTP reply codes that another attempt cannot change (mailbox unknown, refused); 4xx and network errors are retried. */
const permanentSmtp = (err: { responseCode?: number }): boolean =>
  typeof err.responseCode === 'number' && err.responseCode >= 500;

/** Sends each notice as a plain-text email in the person's language over the configured SMTP relay. */
export function createEmailSender(opts: { smtp: SmtpSettings; contacts: ContactDirectory; publicUrl: string }): Sender & { close(): void } {
  const { smtp } = opts;
  const transport = nodemailer.createTransport({
    host: smtp.host,
    port: smtp.port,
    secure: smtp.tls === 'tls',
    requireTLS: smtp.tls === 'starttls',
    ignoreTLS: smtp.tls === 'none',
    ...(smtp.user && smtp.password ? { auth: { user: smtp.user, pass: smtp.password } } : {}),
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 20_000,
  });
  return {
    async send({ eventId, recipient, notice }) {
      const contact = opts.contacts.get(recipient);
      if (!contact) throw new DeliveryError(`no email address on file for ${recipient}`, true);
      const mail = renderEmail(notice, contact, opts.publicUrl);
      try {
        await transport.sendMail({
          from: smtp.from,
          to: { name: contact.name, address: contact.email },
          subject: mail.subject,
          text: mail.text,
          messageId: messageIdOf(eventId, recipient),
          headers: { 'X-Govflow-Event': eventId, 'Content-Language': contact.locale },
        });
      } catch (err) {
        const e = err as Error & { responseCode?: number };
        throw new DeliveryError(`SMTP ${smtp.host}:${smtp.port}: ${e.message}`, permanentSmtp(e));
      }
    },
    close: () => transport.close(),
  };
}
