import type { z } from 'zod';
import { join } from 'node:path';
import { loadPolicyPack, loadRoster } from '../../../adapters/policy-files.ts';
import type { GovernanceClient, ListFilter, SystemPage } from '../../../client/governance-client.ts';
import { assessRisk } from '../../../domain/assess-risk.ts';
import { DomainError, ErrorCode, parseOrThrow } from '../../../domain/errors.ts';
import { StartLifecycle, updateInputSchemas, type UpdateName } from '../../../domain/lifecycle/commands.ts';
import { decide, type Command } from '../../../domain/lifecycle/decide.ts';
import type { DomainEvent } from '../../../domain/lifecycle/events.ts';
import { evolve } from '../../../domain/lifecycle/evolve.ts';
import { initialState, isTerminal, type LifecycleState } from '../../../domain/lifecycle/state.ts';
import { sealEvent, type GovernanceEvent } from '../../../events/envelope.ts';
import type { UpdateReceipt } from '../../../workflows/messages.ts';
import { signed } from '../../support/test-keys.ts';

interface Entry {
  state: LifecycleState;
  events: GovernanceEvent[];
}

/** An in-memory GovernanceClient for API-layer unit tests, deciding with the real domain and the `test` pack. */
export interface InMemoryGovernance extends GovernanceClient {
  history(systemId: string): Promise<GovernanceEvent[]>;
  readonly systems: Map<string, Entry>;
}

/**
 * The same interface as the Temporal-backed client, with the workflow replaced by `decide`/`evolve` run inline:
 * refusals carry the domain's own codes, and the assessment uses the real policy pack and roster.
 */
export async function createInMemoryGovernance(policyDir = 'policies'): Promise<InMemoryGovernance> {
  const pack = await loadPolicyPack(policyDir, 'test');
  const roster = await loadRoster(join(policyDir, 'rosters'), pack.roster);
  const systems = new Map<string, Entry>();
  const now = () => Date.parse('2026-06-01T12:00:00Z');

  const record = (entry: Entry, events: readonly DomainEvent[], actor?: string) => {
    for (const event of events) {
      const s = entry.state;
      const sealed = sealEvent({
        event,
        systemId: s.systemId,
        sequence: s.sequence + 1,
        prevHash: s.lastHash,
        namespace: 'test',
        policyVersion: s.policyVersion ?? pack.policyVersion,
        time: new Date(now()).toISOString(),
        ...(actor ? { actor } : {}),
      });
      entry.state = evolve(s, event, sealed.hash);
      entry.events.push(signed(sealed));
    }
  };
  // The workflow runs the assessment activity whenever the state awaits one; here it runs inline.
  const assessIfPending = (entry: Entry) => {
    const s = entry.state;
    if (!s.pendingAssessment || !s.proposal) return;
    const proposal = s.pendingModification?.proposal ?? s.proposal;
    record(
      entry,
      decide(s, { type: 'recordAssessment', assessment: assessRisk(proposal, pack), roster }, { now: now() }),
    );
  };
  const entryOf = (systemId: string): Entry => {
    const e = systems.get(systemId);
    if (!e) throw new DomainError(ErrorCode.notFound, `no system ${systemId}`);
    return e;
  };
  const send =
    (name: UpdateName) =>
    async (systemId: string, input: unknown): Promise<UpdateReceipt> => {
      const entry = entryOf(systemId);
      const parsed = parseOrThrow(updateInputSchemas[name] as z.ZodType<object>, input, `${name} input`) as {
        actor: string;
      };
      const events = decide(entry.state, { type: name, ...parsed } as Command, { now: now() });
      record(entry, events, parsed.actor);
      assessIfPending(entry);
      return { systemId, events: events.map((e) => e.type), sequence: entry.state.sequence, stage: entry.state.stage };
    };
  const updates = Object.fromEntries(
    (Object.keys(updateInputSchemas) as UpdateName[]).map((n) => [n, send(n)]),
  ) as unknown as Pick<GovernanceClient, UpdateName>;

  return {
    ...updates,
    systems,
    async startLifecycle(proposal, { policyPack, actor }) {
      const start = parseOrThrow(StartLifecycle, { proposal, policyPack: policyPack ?? 'test', actor }, 'proposal');
      const systemId = start.proposal.systemId;
      if (systems.has(systemId)) throw new DomainError(ErrorCode.conflict, `system ${systemId} already exists`);
      const entry: Entry = { state: initialState(systemId), events: [] };
      systems.set(systemId, entry);
      const ctx = { now: now() };
      record(
        entry,
        decide(entry.state, { type: 'propose', proposal: start.proposal, policyPack: 'test', actor }, ctx),
        actor,
      );
      assessIfPending(entry);
      return { systemId, workflowId: `ai-system:${systemId}` };
    },
    async getState(systemId) {
      return entryOf(systemId).state;
    },
    async list(filter = {}): Promise<SystemPage> {
      const f = filter as Partial<ListFilter>;
      const all = [...systems.values()]
        .map(({ state: s }) => ({
          systemId: s.systemId,
          workflowId: `ai-system:${s.systemId}`,
          status: isTerminal(s) ? 'COMPLETED' : 'RUNNING',
          stage: s.stage,
          tier: s.tier,
          sector: s.proposal?.sector ?? null,
          owner: s.proposal?.owner ?? null,
          startedAt: new Date(now()).toISOString(),
        }))
        .filter((x) => (!f.stage || x.stage === f.stage) && (!f.tier || x.tier === f.tier))
        .filter((x) => (!f.sector || x.sector === f.sector) && (!f.owner || x.owner === f.owner));
      const from = f.nextPageToken ? Number(f.nextPageToken) : 0;
      const size = f.pageSize ?? 100;
      const next = from + size < all.length ? String(from + size) : undefined;
      return { systems: all.slice(from, from + size), ...(next ? { nextPageToken: next } : {}) };
    },
    async history(systemId) {
      return [...entryOf(systemId).events];
    },
  };
}
