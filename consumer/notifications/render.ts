import { fill, labels, wordings, type Locale } from './messages.ts';
import type { Notice } from './notice.ts';

/** The person a message is written for: their name, language and (if known) time zone. */
export interface Reader {
  readonly name: string;
  readonly locale: Locale;
  readonly timeZone?: string | undefined;
}

/** An email ready to send: subject and plain-text body (no HTML, so nothing in it can be a script or a tracker). */
export interface RenderedEmail {
  readonly subject: string;
  readonly text: string;
}

/** An instant in the reader's language and time zone (UTC when unknown), with the zone named. */
export function formatInstant(iso: string, locale: Locale, timeZone = 'UTC'): string {
  const text = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'medium', timeZone }).format(new Date(iso));
  return `${text} (${timeZone})`;
}

/** Slack's three control characters, escaped as its docs ask. */
export const escapeMrkdwn = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The link to the notice's console page under the public URL (with or without a trailing slash). */
export const consoleLink = (notice: Notice, publicUrl: string): string => `${publicUrl.replace(/\/+$/, '')}${notice.path}`;

/** The fact lines a message shows, in the reader's language. */
function factLines(notice: Notice, locale: Locale, timeZone?: string): string[] {
  const l = labels[locale];
  const lines: string[] = [];
  if (notice.urgent) lines.push(`${l.urgent}`);
  if (notice.round !== null) lines.push(`${l.round}: ${notice.round}`);
  if (notice.dueAt) lines.push(`${l.due}: ${formatInstant(notice.dueAt, locale, timeZone)}`);
  if (notice.incident) lines.push(`${l.incident}: ${notice.incident.id} (${notice.incident.severity})`);
  for (const c of notice.conditions) {
    const due = c.dueAt ? ` — ${formatInstant(c.dueAt, locale, timeZone)}` : '';
    lines.push(`${l.conditions}: ${c.id}${c.description ? ` (${c.description})` : ''}${due}`);
  }
  return lines;
}

/** The email of one notice for one reader, in their language, linking to the console page. */
export function renderEmail(notice: Notice, reader: Reader, publicUrl: string): RenderedEmail {
  const w = wordings[notice.kind][reader.locale];
  const l = labels[reader.locale];
  const values = { system: notice.systemName, name: reader.name, event: notice.eventId };
  const body = [
    fill(l.greeting, values),
    '',
    fill(w.lead, values),
    '',
    ...factLines(notice, reader.locale, reader.timeZone),
    '',
    fill(w.action, values),
    `${l.open}: ${consoleLink(notice, publicUrl)}`,
    '',
    '-- ',
    fill(l.footer, values),
  ];
  // A proposal's name is the proposer's text: a header stays one line whatever it holds.
  return { subject: fill(w.subject, values).replace(/\s+/g, ' '), text: `${body.join('\n')}\n` };
}

/**
 * The JSON body of one notice for a webhook target: `text` (what Slack and Teams show when nothing else is
 * understood), Slack `blocks`, a Teams MessageCard (`@type`, `summary`, `sections`, `potentialAction`), and the
 * machine-readable `govflow` object. English: a channel has no single reader's locale.
 */
export function renderWebhook(notice: Notice, publicUrl: string): Record<string, unknown> {
  const w = wordings[notice.kind].en;
  const link = consoleLink(notice, publicUrl);
  const facts = factLines(notice, 'en');
  const subject = fill(w.subject, { system: notice.systemName });
  // Slack reads `<!channel>` and `<url|text>` in mrkdwn: the proposer's text is escaped so it cannot mention or link.
  const lead = `${fill(w.lead, { system: escapeMrkdwn(notice.systemName) })} ${w.action}`;
  const text = `*${fill(w.subject, { system: escapeMrkdwn(notice.systemName) })}*\n${lead}\n${facts.join('\n')}${facts.length ? '\n' : ''}<${link}|${labels.en.open}>`;
  return {
    text,
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: subject } },
      { type: 'section', text: { type: 'mrkdwn', text: [lead, ...facts].join('\n') } },
      { type: 'actions', elements: [{ type: 'button', text: { type: 'plain_text', text: labels.en.open }, url: link }] },
    ],
    '@type': 'MessageCard',
    '@context': 'https://schema.org/extensions',
    summary: subject,
    themeColor: notice.urgent ? 'D13438' : '0078D7',
    sections: [
      {
        activityTitle: subject,
        text: lead,
        facts: facts.map((f) => ({ name: f.split(':')[0] ?? f, value: f.includes(':') ? f.slice(f.indexOf(':') + 1).trim() : '' })),
      },
    ],
    potentialAction: [{ '@type': 'OpenUri', name: labels.en.open, targets: [{ os: 'default', uri: link }] }],
    govflow: {
      eventId: notice.eventId,
      kind: notice.kind,
      systemId: notice.systemId,
      recipients: notice.recipients,
      dueAt: notice.dueAt,
      url: link,
    },
  };
}
