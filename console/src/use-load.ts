import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { ApiProblem } from './api.ts';

/**
 * Data loaded from the API for a page, its refusal if any, and a way to load it again (live updates call it). Only
 * the latest load's answer is kept: an older one that arrives late would show the page as it was.
 */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[]): { data?: T; problem?: ApiProblem; reload: () => void } {
  const [state, setState] = useState<{ data?: T; problem?: ApiProblem }>({});
  const latest = useRef(0);
  const reload = useCallback(() => {
    const mine = ++latest.current;
    load().then(
      (data) => {
        if (mine === latest.current) setState({ data });
      },
      (err: unknown) => {
        if (mine !== latest.current) return;
        setState((s) => ({ ...s, problem: err instanceof ApiProblem ? err : new ApiProblem(0, 'NETWORK', String(err)) }));
      },
    );
  }, deps);
  useEffect(reload, [reload]);
  return { ...state, reload };
}
