import { useEffect } from 'preact/hooks';
import { currentSession } from './auth.ts';

/** One notice of GET /v1/stream: a system the reader may see recorded an event. */
export interface Notice {
  systemId: string;
  sequence: number;
  type: string;
}

const listeners = new Set<(n: Notice) => void>();
const statusListeners = new Set<(up: boolean) => void>();

/**
 * Follows the API's server-sent events. EventSource cannot send the bearer token, so the stream is read with fetch
 * and parsed here; a dropped stream is opened again after a short pause.
 */
export function startLive(): void {
  const run = async (): Promise<void> => {
    const s = currentSession();
    if (!s) return;
    try {
      const res = await fetch('/v1/stream', { headers: { authorization: `Bearer ${s.accessToken}`, accept: 'text/event-stream' } });
      if (!res.ok || !res.body) throw new Error(`stream answered ${res.status}`);
      const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          dispatch(buffer.slice(0, end));
          buffer = buffer.slice(end + 2);
        }
      }
    } catch {
      // reconnect below
    }
    for (const l of statusListeners) l(false);
    setTimeout(() => void run(), 2000);
  };
  void run();
}

function dispatch(block: string): void {
  const lines = block.split('\n');
  const event = lines.find((l) => l.startsWith('event:'))?.slice(6).trim();
  const data = lines.filter((l) => l.startsWith('data:')).map((l) => l.slice(5).trim()).join('\n');
  if (event === 'ready') for (const l of statusListeners) l(true);
  if (event !== 'system') return;
  const notice = JSON.parse(data) as Notice;
  for (const l of listeners) l(notice);
}

const SETTLE_MS = 250;

/**
 * Calls `onChange` after live notices (of one system, if given) while the component is shown: once per burst, since
 * one command records several events and each reload reads the API again.
 */
export function useLive(onChange: () => void, systemId?: string): void {
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const l = (n: Notice) => {
      if (systemId && n.systemId !== systemId) return;
      clearTimeout(timer);
      timer = setTimeout(onChange, SETTLE_MS);
    };
    listeners.add(l);
    return () => {
      clearTimeout(timer);
      listeners.delete(l);
    };
  }, [systemId, onChange]);
}

/** Calls `f` with true when the stream is open, false when it dropped. */
export function onLiveStatus(f: (up: boolean) => void): () => void {
  statusListeners.add(f);
  return () => void statusListeners.delete(f);
}
