import { currentSession } from './auth.ts';

/** An RFC 9457 problem from the API: its stable code, the engine's own words, and the fields at fault. */
export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly detail: string,
    readonly fields: readonly { path: string; message: string }[] = [],
  ) {
    super(detail);
  }
}

let onExpired: () => void = () => undefined;
/** What to do when the API says the session is over (sign in again, back to the same page). */
export const whenSessionExpires = (f: () => void): void => {
  onExpired = f;
};

/** Calls the public REST API as the signed-in person; a refusal becomes an ApiProblem. */
export async function api<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  const s = currentSession();
  const headers: Record<string, string> = { accept: 'application/json' };
  if (s) headers.authorization = `Bearer ${s.accessToken}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(path, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
  } catch {
    throw new ApiProblem(0, 'NETWORK', 'the service cannot be reached');
  }
  if (res.status === 401) {
    onExpired();
    throw new ApiProblem(401, 'UNAUTHENTICATED', 'the session has ended');
  }
  const text = await res.text();
  const json = text ? (JSON.parse(text) as unknown) : undefined;
  if (!res.ok) {
    const p = (json ?? {}) as { code?: string; detail?: string; errors?: { path: string; message: string }[] };
    throw new ApiProblem(res.status, p.code ?? `HTTP_${res.status}`, p.detail ?? res.statusText, p.errors ?? []);
  }
  return json as T;
}

/** Fetches a file from the API as the signed-in person and hands it to the browser as a download. */
export async function download(path: string, filename: string): Promise<void> {
  const s = currentSession();
  const res = await fetch(path, { headers: s ? { authorization: `Bearer ${s.accessToken}` } : {} });
  if (!res.ok) throw new ApiProblem(res.status, `HTTP_${res.status}`, res.statusText);
  saveFile(await res.blob(), filename);
}

/** Offers a blob as a file download. */
export function saveFile(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
