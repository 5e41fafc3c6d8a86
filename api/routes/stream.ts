import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { streamSSE } from 'hono/streaming';
import { z } from 'zod';
import type { EventFeed, EventNotice } from '../../adapters/event-feed.ts';
import type { ReadSide } from '../../consumer/read-side/read-side.ts';
import { may } from '../../domain/authorization.ts';
import type { LifecycleState } from '../../domain/lifecycle/state.ts';
import type { AuthEnv } from '../auth.ts';
import { errorResponses } from './openapi-helpers.ts';

/** One `system` event of the stream: which system changed, to what sequence, by which kind of event. */
export const StreamNotice = z
  .object({ systemId: z.string(), sequence: z.number().int(), type: z.string() })
  .meta({ id: 'StreamNotice' });

const route = createRoute({
  method: 'get',
  path: '/v1/stream',
  tags: ['systems'],
  summary: 'Server-sent events: a `system` event each time a system the caller may read records an event',
  description:
    'Each event names the system, the new sequence and the CloudEvents type, never the content: read the system ' +
    '(GET /v1/systems/{id}) for what changed, under the usual read rules and blind voting. Comments keep the ' +
    'connection open every 15 s.',
  security: [{ bearer: [] }],
  responses: {
    200: { description: 'the stream', content: { 'text/event-stream': { schema: StreamNotice } } },
    ...errorResponses(401),
  },
});

const HEARTBEAT_MS = 15_000;
/** How long a notice waits for the read side to fold its event before its readers are judged on the state it has. */
const NOTICE_WAIT_MS = 2_000;

/** Registers GET /v1/stream: the feed's notices, each sent only to callers who may read that system. */
export function registerStreamRoute(app: OpenAPIHono<AuthEnv>, readSide: ReadSide, feed: EventFeed): void {
  const stateOf = sharedStates(readSide);
  app.openapi(route, (c) => {
    const caller = c.get('caller');
    return streamSSE(c, async (stream) => {
      const queue: EventNotice[] = [];
      let wake: (() => void) | undefined;
      const unsubscribe = feed.subscribe((n) => {
        queue.push(n);
        wake?.();
      });
      const heartbeat = setInterval(() => wake?.(), HEARTBEAT_MS);
      stream.onAbort(() => {
        unsubscribe();
        clearInterval(heartbeat);
        wake?.();
      });
      await stream.writeSSE({ event: 'ready', data: '{}' });
      while (!stream.aborted) {
        const notice = queue.shift();
        if (!notice) {
          await new Promise<void>((resolve) => (wake = resolve));
          wake = undefined;
          if (queue.length === 0 && !stream.aborted) await stream.write(': keep-alive\n\n');
          continue;
        }
        const state = await stateOf(notice);
        if (state && may(caller, 'readSystem', state).allowed)
          await stream.writeSSE({ event: 'system', data: JSON.stringify(notice), id: `${notice.systemId}:${notice.sequence}` });
      }
    });
  });
}

/**
 * The system's state from the read side once it has folded the notice's event (waiting a moment for it), one look per
 * event however many people stream it (kept a few seconds for the other subscribers). No workflow is woken.
 */
function sharedStates(readSide: ReadSide): (n: EventNotice) => Promise<LifecycleState | undefined> {
  const states = new Map<string, Promise<LifecycleState | undefined>>();
  return (n) => {
    const key = `${n.systemId}:${n.sequence}`;
    let state = states.get(key);
    if (!state) {
      state = readSide
        .waitFor(n.systemId, n.sequence, NOTICE_WAIT_MS)
        .then(() => readSide.state(n.systemId))
        .catch(() => undefined);
      states.set(key, state);
      setTimeout(() => states.delete(key), 5_000).unref();
    }
    return state;
  };
}
