import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../config/config.ts';
import { smtpSettings } from '../../../config/notify.ts';
import { loadWebhookTargets } from '../../../adapters/webhook-targets.ts';

const strong = 'k'.repeat(20) + 'q'.repeat(20);

describe('notification settings', () => {
  it('are off when nothing is set', () => {
    const c = loadConfig({});
    expect(smtpSettings(c)).toBeNull();
    expect(c.GOVFLOW_WEBHOOK_URLS).toBeUndefined();
    expect(c.GOVFLOW_NOTIFY_MAX_AGE).toBe(24 * 3600);
  });

  it.each([
    ['smtp://mailer:pw@mail.example.org', { host: 'mail.example.org', port: 587, tls: 'starttls', user: 'mailer', password: 'pw' }],
    ['smtps://mail.example.org', { host: 'mail.example.org', port: 465, tls: 'tls' }],
    ['smtp://127.0.0.1:2525', { host: '127.0.0.1', port: 2525, tls: 'starttls' }],
  ])('read %s as a relay with TLS unless told otherwise', (url, expected) => {
    expect(smtpSettings(loadConfig({ GOVFLOW_SMTP_URL: url }))).toMatchObject(expected);
  });

  it('refuse in production a password sent in clear to another machine, and accept it to loopback or with TLS', () => {
    const clear = { GOVFLOW_SMTP_HOST: 'mail.example.org', GOVFLOW_SMTP_USER: 'mailer', GOVFLOW_SMTP_PASSWORD: 'pw', GOVFLOW_SMTP_TLS: 'none' };
    expect(() => loadConfig(clear)).toThrow(/GOVFLOW_SMTP_TLS must be tls or starttls: the SMTP password would cross the network in clear to mail\.example\.org/);
    expect(smtpSettings(loadConfig({ ...clear, GOVFLOW_ENV: 'development' }))?.tls).toBe('none');
    expect(smtpSettings(loadConfig({ ...clear, GOVFLOW_SMTP_HOST: '127.0.0.1' }))?.host).toBe('127.0.0.1');
    expect(smtpSettings(loadConfig({ ...clear, GOVFLOW_SMTP_TLS: 'starttls' }))?.tls).toBe('starttls');
  });

  it('name each bad field: half a login, a URL and a host, a webhook without its secret, a secret for no target', () => {
    const run = () =>
      loadConfig({
        GOVFLOW_ENV: 'development',
        GOVFLOW_SMTP_URL: 'smtp://mail.example.org',
        GOVFLOW_SMTP_HOST: 'other.example.org',
        GOVFLOW_SMTP_USER: 'mailer',
        GOVFLOW_WEBHOOK_URLS: 'slack=https://hooks.example.org/a',
        GOVFLOW_WEBHOOK_SECRETS: 'teams=abc',
      });
    expect(run).toThrow(/GOVFLOW_SMTP_HOST must not be set together with GOVFLOW_SMTP_URL/);
    expect(run).toThrow(/GOVFLOW_SMTP_PASSWORD must be set together/);
    expect(run).toThrow(/GOVFLOW_WEBHOOK_URLS target slack: has no secret/);
    expect(run).toThrow(/GOVFLOW_WEBHOOK_SECRETS names teams, which is not in GOVFLOW_WEBHOOK_URLS/);
    expect(() => loadConfig({ GOVFLOW_SMTP_URL: 'http://mail.example.org' })).toThrow(/GOVFLOW_SMTP_URL/);
  });

  it('refuse in production a webhook over plain http to another machine or with a weak secret', () => {
    expect(() => loadConfig({ GOVFLOW_WEBHOOK_URLS: 'ops=http://hooks.example.org/x', GOVFLOW_WEBHOOK_SECRETS: `ops=${strong}` })).toThrow(/target ops: must be https/);
    expect(() => loadConfig({ GOVFLOW_WEBHOOK_URLS: 'ops=https://hooks.example.org/x', GOVFLOW_WEBHOOK_SECRETS: 'ops=secret' })).toThrow(/target ops: its secret is a known, published value/);
    const ok = loadConfig({ GOVFLOW_WEBHOOK_URLS: 'ops=https://hooks.example.org/x', GOVFLOW_WEBHOOK_SECRETS: `ops=${strong}` });
    expect(ok.GOVFLOW_WEBHOOK_URLS).toEqual({ ops: 'https://hooks.example.org/x' });
  });

  it('load targets from the variables with their secrets', async () => {
    const targets = await loadWebhookTargets({ urls: { ops: 'http://127.0.0.1:9/x' }, secrets: { ops: 'dev' }, production: false });
    expect(targets).toEqual([{ id: 'ops', url: 'http://127.0.0.1:9/x', secret: 'dev' }]);
    await expect(loadWebhookTargets({ urls: { ops: 'ftp://x' }, secrets: { ops: 'dev' }, production: false })).rejects.toThrow(/target ops: must be an http\(s\) URL/);
  });
});
