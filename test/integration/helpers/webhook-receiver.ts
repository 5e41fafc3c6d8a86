import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SIGNATURE_HEADER, verifyWebhookSignature } from '../../../consumer/notifications/signature.ts';
import { DELIVERY_HEADER, EVENT_HEADER } from '../../../consumer/notifications/webhook-sender.ts';

/** One request the receiver took, and what it answered. */
export interface ReceivedHook {
  readonly target: string;
  readonly eventId: string;
  readonly deliveryId: string;
  readonly body: Record<string, unknown>;
  readonly status: number;
  readonly refusal: string | null;
}

/**
 * A local webhook receiver (node:http on loopback) with one path per target: it verifies each request's HMAC with
 * that target's secret, answers 401 to a bad one, and 503 while the target is set to fail.
 */
export async function startWebhookReceiver(secrets: Record<string, string>) {
  const received: ReceivedHook[] = [];
  const failing = new Set<string>();
  const read = async (req: IncomingMessage): Promise<string> => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  };
  const server = createServer((req, res) => {
    void read(req).then((raw) => {
      const target = (req.url ?? '/').slice(1);
      const secret = secrets[target];
      const header = req.headers[SIGNATURE_HEADER];
      const check = secret
        ? verifyWebhookSignature({ header: typeof header === 'string' ? header : undefined, body: raw, secret, nowSeconds: Math.floor(Date.now() / 1000) })
        : ({ ok: false, reason: 'unknown target' } as const);
      const status = !check.ok ? 401 : failing.has(target) ? 503 : 204;
      received.push({
        target,
        eventId: String(req.headers[EVENT_HEADER]),
        deliveryId: String(req.headers[DELIVERY_HEADER]),
        body: JSON.parse(raw) as Record<string, unknown>,
        status,
        refusal: check.ok ? null : check.reason,
      });
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (target: string) => `http://127.0.0.1:${port}/${target}`,
    received: () => [...received],
    /** Accepted requests only (signature verified, 2xx answered). */
    accepted: () => received.filter((r) => r.status < 300),
    fail: (target: string, on: boolean) => void (on ? failing.add(target) : failing.delete(target)),
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
