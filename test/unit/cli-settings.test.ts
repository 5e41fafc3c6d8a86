import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configFilePath, readCliEnv, readConfigFile, resolveSettings } from '../../cli/settings.ts';

describe('CLI settings precedence: flags > environment > config file > default', () => {
  const file = { apiUrl: 'http://file:1', token: 'file-token' };
  const env = { GOVFLOW_API_URL: 'http://env:2', GOVFLOW_TOKEN: 'env-token' };
  const flags = { apiUrl: 'http://flag:3/', token: 'flag-token' };

  it.each([
    ['flags over everything', { flags, env, file }, 'http://flag:3', 'flag-token', 'flag'],
    ['environment over the file', { flags: {}, env, file }, 'http://env:2', 'env-token', 'env'],
    ['the file when nothing else says', { flags: {}, env: {}, file }, 'http://file:1', 'file-token', 'file'],
    ['the default URL and no token', { flags: {}, env: {}, file: {} }, 'http://127.0.0.1:8080', undefined, 'default'],
  ] as const)('takes %s', (_what, sources, apiUrl, token, from) => {
    const s = resolveSettings(sources);
    expect(s.apiUrl).toBe(apiUrl);
    expect(s.token).toBe(token);
    expect(s.from.apiUrl).toBe(from);
  });

  it('mixes sources per setting', () => {
    const s = resolveSettings({ flags: { token: 'flag-token' }, env: { GOVFLOW_API_URL: 'http://env:2' }, file });
    expect(s).toEqual({ apiUrl: 'http://env:2', token: 'flag-token', from: { apiUrl: 'env', token: 'flag' } });
  });

  it('treats an empty environment variable as unset and refuses a malformed URL', () => {
    expect(readCliEnv({ GOVFLOW_API_URL: '', GOVFLOW_TOKEN: 't' })).toEqual({ GOVFLOW_TOKEN: 't' });
    expect(() => readCliEnv({ GOVFLOW_API_URL: 'not a url' })).toThrow(/GOVFLOW_API_URL/);
  });

  it('finds the config file under XDG_CONFIG_HOME, else ~/.config', () => {
    expect(configFilePath({ XDG_CONFIG_HOME: '/x' })).toBe(join('/x', 'govflow', 'config.json'));
    expect(configFilePath({ HOME: '/home/u' })).toBe(join('/home/u', '.config', 'govflow', 'config.json'));
  });

  it('reads a missing config file as empty and names a malformed one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'govflow-settings-'));
    expect(readConfigFile(join(dir, 'absent.json'))).toEqual({});
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{ nope');
    expect(() => readConfigFile(bad)).toThrow(`${bad} is not valid JSON`);
    const unknown = join(dir, 'unknown.json');
    writeFileSync(unknown, JSON.stringify({ apiUrl: 'http://x:1', colour: 'blue' }));
    expect(() => readConfigFile(unknown)).toThrow(/colour/);
  });
});
