import { createHmac, timingSafeEqual } from 'node:crypto';

/** The header carrying a webhook's signature: `t=<unix seconds>,v1=<hex HMAC-SHA256>`. */
export const SIGNATURE_HEADER = 'x-govflow-signature';

/** Receivers should refuse a signature older (or newer) than this, so a captured request cannot be replayed later. */
export const DEFAULT_TOLERANCE_SECONDS = 300;

/** The hex HMAC-SHA256 of `<timestamp>.<body>` under the target's secret. */
export function webhookMac(secret: string, timestamp: number, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest('hex');
}

/** The `X-Govflow-Signature` value for a body sent at `timestamp` (unix seconds). */
export function signWebhook(secret: string, timestamp: number, body: string): string {
  return `t=${timestamp},v1=${webhookMac(secret, timestamp, body)}`;
}

/** Why a signature was refused, or ok. */
export type SignatureCheck = { ok: true; timestamp: number } | { ok: false; reason: string };

/**
 * Verifies a webhook as a receiver should: the header parses, its time is within the tolerance of `now`, and one of
 * its `v1` values is the HMAC of `<t>.<raw body>` (compared in constant time). Use the raw body bytes as received.
 */
export function verifyWebhookSignature(opts: {
  header: string | undefined;
  body: string;
  secret: string;
  nowSeconds: number;
  toleranceSeconds?: number;
}): SignatureCheck {
  if (!opts.header) return { ok: false, reason: 'no signature header' };
  const parts = opts.header.split(',').map((p) => p.trim().split('='));
  const t = parts.find(([k]) => k === 't')?.[1];
  const macs = parts.filter(([k, v]) => k === 'v1' && v).map(([, v]) => v!);
  if (!t || !/^\d+$/.test(t) || macs.length === 0) return { ok: false, reason: 'malformed signature header' };
  const timestamp = Number(t);
  if (Math.abs(opts.nowSeconds - timestamp) > (opts.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS))
    return { ok: false, reason: 'timestamp outside the tolerance' };
  const expected = Buffer.from(webhookMac(opts.secret, timestamp, opts.body), 'hex');
  const match = macs.some((m) => {
    const given = Buffer.from(m, 'hex');
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
  return match ? { ok: true, timestamp } : { ok: false, reason: 'signature does not match' };
}
