import type { WebhookTarget } from '../../adapters/webhook-targets.ts';
import { DeliveryError, type Sender } from './delivery-error.ts';
import { renderWebhook } from './render.ts';
import { SIGNATURE_HEADER, signWebhook } from './signature.ts';

/** Headers besides the signature: which event, and which delivery (the same on every attempt, for receivers to dedupe). */
export const EVENT_HEADER = 'x-govflow-event';
export const DELIVERY_HEADER = 'x-govflow-delivery';

/** Answers worth another attempt: timeouts, rate limits and server errors; any other 4xx is final. */
const retryable = (status: number): boolean => status === 408 || status === 429 || status >= 500;

/** POSTs each notice, signed with the target's secret over `<timestamp>.<body>`, to its target. */
export function createWebhookSender(opts: {
  targets: readonly WebhookTarget[];
  publicUrl: string;
  nowSeconds?: () => number;
  timeoutMs?: number;
}): Sender {
  const now = opts.nowSeconds ?? (() => Math.floor(Date.now() / 1000));
  const byId = new Map(opts.targets.map((t) => [t.id, t]));
  return {
    async send({ eventId, recipient, notice }) {
      const target = byId.get(recipient);
      if (!target) throw new DeliveryError(`webhook target ${recipient} is no longer configured`, true);
      const body = JSON.stringify(renderWebhook(notice, opts.publicUrl));
      // Signed at each attempt: a retry hours later still falls inside the receiver's tolerance.
      const headers = {
        'content-type': 'application/json',
        [SIGNATURE_HEADER]: signWebhook(target.secret, now(), body),
        [EVENT_HEADER]: eventId,
        [DELIVERY_HEADER]: `${eventId}/${recipient}`,
      };
      let res: Response;
      try {
        res = await fetch(target.url, { method: 'POST', headers, body, redirect: 'error', signal: AbortSignal.timeout(opts.timeoutMs ?? 10_000) });
      } catch (err) {
        throw new DeliveryError(`webhook ${target.id}: ${(err as Error).message}`, false);
      }
      await res.body?.cancel();
      if (!res.ok) throw new DeliveryError(`webhook ${target.id}: HTTP ${res.status}`, !retryable(res.status));
    },
  };
}
