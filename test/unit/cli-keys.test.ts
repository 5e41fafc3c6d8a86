import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { describe, expect, it, vi } from 'vitest';
import { ensureKeyFile, loadKeyFile, pruneRetiredKeys, rotateKeyFile } from '../../adapters/signing-keys.ts';
import { registerKeysCommand } from '../../cli/commands/keys.ts';
import { Jwks } from '../../events/keyring.ts';

/** Runs `govflow keys ...` in-process with the event key file at `file`; returns what it printed. */
async function govflowKeys(file: string, ...args: string[]): Promise<string> {
  const program = new Command('govflow').exitOverride();
  registerKeysCommand(program);
  let out = '';
  const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((out += String(chunk)), true));
  vi.stubEnv('GOVFLOW_EVENT_KEY_FILE', file);
  try {
    await program.parseAsync(['node', 'govflow', 'keys', ...args]);
  } finally {
    write.mockRestore();
    vi.unstubAllEnvs();
  }
  return out;
}

describe('govflow keys', () => {
  it('exports the public keys as a JWKS without the private part, and keeps the retired key after a rotation', async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'govflow-cli-keys-')), 'events.jwks.json');
    await ensureKeyFile(file);
    const before = Jwks.parse(JSON.parse(await govflowKeys(file, 'export')));
    expect(before.keys).toHaveLength(1);
    expect(before.keys[0]).not.toHaveProperty('d');
    expect(await govflowKeys(file, 'rotate', 'events')).toMatch(/events key rotated .*retired .* \(still trusted\)/);
    const after = Jwks.parse(JSON.parse(await govflowKeys(file, 'export')));
    expect(after.keys.map((k) => k.kid)).toEqual([expect.any(String), before.keys[0]!.kid]);
    expect(after.keys.every((k) => !('d' in k))).toBe(true);
  });

  it('drops the retired keys from a command key file once the roll replaced them, keeping the current key', async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'govflow-cli-keys-')), 'commands.jwks.json');
    await ensureKeyFile(file);
    const { retired, current } = await rotateKeyFile(file);
    expect((await loadKeyFile(file)).jwks().keys.map((k) => k.kid)).toEqual([current, retired]);
    expect(await pruneRetiredKeys(file)).toEqual([retired]);
    const after = await loadKeyFile(file);
    expect(after.signer.kid).toBe(current);
    expect(after.jwks().keys.map((k) => k.kid)).toEqual([current]);
    expect(await pruneRetiredKeys(file)).toEqual([]);
  });
});
