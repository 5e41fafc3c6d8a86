import type { FleetSource } from '../client/policy-impact.ts';
import type { ReadSide } from '../consumer/read-side/read-side.ts';
import type { LifecycleState } from '../domain/lifecycle/state.ts';

/** The fleet as the read side holds it: every live system's folded state, paged through the listing. */
export function readSideFleet(readSide: ReadSide): FleetSource {
  return {
    name: 'read_side',
    async liveStates(): Promise<LifecycleState[]> {
      const states: LifecycleState[] = [];
      let pageToken: string | undefined;
      do {
        const page = await readSide.list({ kind: 'all' }, { pageSize: 500, pageToken });
        const live = page.items.filter((s) => s.status === 'RUNNING');
        for (const s of await Promise.all(live.map((x) => readSide.state(x.systemId)))) if (s) states.push(s);
        pageToken = page.nextPageToken ?? undefined;
      } while (pageToken);
      return states;
    },
  };
}
