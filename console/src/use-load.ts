import { useCallback, useEffect, useState } from 'preact/hooks';
import { ApiProblem } from './api.ts';

/** Data loaded from the API for a page, its refusal if any, and a way to load it again (live updates call it). */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[]): { data?: T; problem?: ApiProblem; reload: () => void } {
  const [state, setState] = useState<{ data?: T; problem?: ApiProblem }>({});
  const reload = useCallback(() => {
    load().then(
      (data) => setState({ data }),
      (err: unknown) => setState((s) => ({ ...s, problem: err instanceof ApiProblem ? err : new ApiProblem(0, 'NETWORK', String(err)) })),
    );
  }, deps);
  useEffect(reload, [reload]);
  return { ...state, reload };
}
