import { beforeAll, describe, expect, it } from 'vitest';
import { may, mayByRole } from '../../../domain/authorization.ts';
import type { LifecycleState } from '../../../domain/lifecycle/state.ts';
import { apiHarness, body, tokenFor } from '../support/api-harness.ts';
import { commandOf, decided, probesFor } from '../../support/authorization-probes.ts';
import { buildStages, NOW, people, relations, roleSets, stageNames, SYSTEM, type StageName } from './matrix-world.ts';

describe.each(['test', 'ai-governance-code-2026'])('the authorisation matrix under pack %s', (pack) => {
  let stages: Record<StageName, LifecycleState>;
  let h: Awaited<ReturnType<typeof apiHarness>>;
  beforeAll(async () => {
    stages = await buildStages(pack);
    h = await apiHarness({ pack });
  });

  it.each(stageNames)('gives the same answer through the API and through decide, for every role, relationship and command (stage %s)', async (stage) => {
    const s = stages[stage];
    const probes = probesFor(stages.approved.conditions[0]!.id, SYSTEM);
    const calls = { reads: 0, updates: 0 };
    const gov = h.governance as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>;
    const real = { ...gov };
    gov.getState = async (...a) => (calls.reads++, real.getState!(...a));
    for (const p of probes) gov[p.action] = async (...a) => (calls.updates++, real[p.action]!(...a));
    let compared = 0;
    for (const relation of relations) {
      const actor = people[pack]![relation];
      for (const roles of roleSets) {
        const as = h.as(await tokenFor(actor, ...roles));
        for (const p of probes) {
          h.governance.systems.set(SYSTEM, { state: structuredClone(s), events: [] });
          calls.reads = 0;
          calls.updates = 0;
          const res = await as.post(p.path, p.body);
          const api = res.status === 200 ? 'allowed' : ((await body(res)).code as string);
          const where = `${relation} ${actor} [${roles.join(',')}] ${p.action} at ${stage}`;
          expect(api, where).toBe(decided(s, commandOf(p, actor, roles), NOW));
          if (api !== 'allowed') expect(h.governance.systems.get(SYSTEM)!.state, `${where} changed nothing`).toEqual(s);
          // Refused by the rules: the command never left the API; refused on the token alone: not even a query.
          if (!may({ sub: actor, roles }, p.action, s).allowed) expect(calls.updates, `${where} was not sent`).toBe(0);
          if (!mayByRole({ sub: actor, roles }, p.action).allowed) expect(calls.reads, `${where} asked nothing`).toBe(0);
          compared++;
        }
        const read = await as.get(`/v1/systems/${SYSTEM}`);
        expect(read.status === 200, `${relation} [${roles.join(',')}] reads at ${stage}`).toBe(may({ sub: actor, roles }, 'readSystem', s).allowed);
        // A token with no role is refused at sign-in (403, the same for every system); otherwise no existence leak.
        if (read.status !== 200) expect(read.status).toBe(roles.length === 0 ? 403 : 404);
      }
    }
    Object.assign(gov, real);
    expect(compared).toBe(relations.length * roleSets.length * probes.length);
  });
});
