import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { z } from 'zod';
import { UserId } from '../../domain/proposal.ts';
import { Locale } from './messages.ts';
import { loadDevAccounts } from '../../issuer/accounts.ts';

const TimeZone = z.string().refine((tz) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}, 'must be an IANA time zone such as Asia/Shanghai');

/** Where people are reached: the contacts file, one entry per person of the rosters and accounts. */
export const ContactsFile = z.strictObject({
  contacts: z.array(
    z.strictObject({ id: UserId, email: z.email(), locale: Locale.default('en'), timeZone: TimeZone.optional() }),
  ),
});

/** One person as notifications address them. */
export interface Contact {
  readonly id: string;
  readonly name: string;
  readonly email: string;
  readonly locale: Locale;
  readonly timeZone?: string | undefined;
}

/** Contacts by person id. */
export type ContactDirectory = ReadonlyMap<string, Contact>;

/**
 * Reads the contacts file, naming each person as the rosters and `accounts/people.yaml` do (the id when neither
 * does). A missing file is an empty directory: nobody can be emailed, which the ledger records per person.
 */
export async function loadContactDirectory(file: string, policyDir: string): Promise<ContactDirectory> {
  if (!existsSync(file)) return new Map();
  const parsed = ContactsFile.safeParse(parse(await readFile(file, 'utf8')));
  if (!parsed.success) throw new Error(`invalid contacts file ${file}:\n${z.prettifyError(parsed.error)}`);
  const accounts = await loadDevAccounts(policyDir);
  return new Map(parsed.data.contacts.map((c) => [c.id, { ...c, name: accounts.get(c.id)?.name ?? c.id }]));
}
