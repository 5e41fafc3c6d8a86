import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadContactDirectory } from '../../../consumer/notifications/contacts.ts';
import { loadDevAccounts } from '../../../issuer/accounts.ts';

const policies = fileURLToPath(new URL('../../../policies/', import.meta.url));

describe('the contacts file', () => {
  it('reaches every person of the rosters and accounts, named as they are there', async () => {
    const contacts = await loadContactDirectory(join(policies, 'accounts', 'contacts.yaml'), policies);
    const accounts = await loadDevAccounts(policies);
    expect([...contacts.keys()].sort()).toEqual([...accounts.keys()].sort());
    expect(contacts.get('carol')).toEqual({ id: 'carol', name: 'Carol', email: 'carol@example.org', locale: 'zh-CN', timeZone: 'Asia/Shanghai' });
    expect(contacts.get('alice')).toMatchObject({ locale: 'en', name: 'Alice' });
  });

  it('names each bad field, and a missing file is an empty directory', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'govflow-contacts-'));
    try {
      const file = join(dir, 'contacts.yaml');
      await writeFile(file, 'contacts:\n  - { id: alice, email: not-an-address, locale: fr, timeZone: Mars/Olympus }\n');
      const load = loadContactDirectory(file, policies);
      await expect(load).rejects.toThrow(/contacts\[0\]\.email/);
      await expect(loadContactDirectory(file, policies)).rejects.toThrow(/contacts\[0\]\.locale/);
      await expect(loadContactDirectory(file, policies)).rejects.toThrow(/must be an IANA time zone/);
      expect((await loadContactDirectory(join(dir, 'absent.yaml'), policies)).size).toBe(0);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
