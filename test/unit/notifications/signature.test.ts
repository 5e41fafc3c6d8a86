import { describe, expect, it } from 'vitest';
import { createHmac } from 'node:crypto';
import { signWebhook, verifyWebhookSignature } from '../../../consumer/notifications/signature.ts';

const secret = 'a-target-secret-of-enough-length-0123456789';
const body = '{"text":"Review opened: 信用评分"}';
const t = 1_790_000_000;

describe('webhook signatures', () => {
  it('is HMAC-SHA256 over "<t>.<body>" in hex, as a receiver recomputes it with any HMAC library', () => {
    const expected = createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');
    expect(signWebhook(secret, t, body)).toBe(`t=${t},v1=${expected}`);
  });

  it('verifies the signature it made, within the tolerance', () => {
    expect(verifyWebhookSignature({ header: signWebhook(secret, t, body), body, secret, nowSeconds: t + 60 })).toEqual({ ok: true, timestamp: t });
  });

  it.each([
    ['a changed body', signWebhook(secret, t, body), `${body} `, t, 'signature does not match'],
    ['another secret', signWebhook(`${secret}x`, t, body), body, t, 'signature does not match'],
    ['a replay after the tolerance', signWebhook(secret, t, body), body, t + 301, 'timestamp outside the tolerance'],
    ['a timestamp moved to now', signWebhook(secret, t, body).replace(`t=${t}`, `t=${t + 400}`), body, t + 400, 'signature does not match'],
    ['no header', undefined, body, t, 'no signature header'],
    ['a header without v1', `t=${t}`, body, t, 'malformed signature header'],
  ])('refuses %s', (_name, header, sentBody, now, reason) => {
    expect(verifyWebhookSignature({ header, body: sentBody, secret, nowSeconds: now })).toEqual({ ok: false, reason });
  });
});
