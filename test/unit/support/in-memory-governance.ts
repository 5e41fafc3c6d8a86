import type { z } from 'zod';
import { join } from 'node:path';
import { loadPolicyPack, loadRoster } from '../../../adapters/policy-files.ts';
import type { GovernanceClient, ListFilter, SystemPage } from '../../../client/governance-client.ts';
import { assessRisk } from '../../../domain/assess-risk.ts';
import { DomainError, ErrorCode, parseOrThrow } from '../../../domain/errors.ts';
import type { Proposal } from '../../../domain/proposal.ts';
import { StartLifecycle, updateInputSchemas, type UpdateName } from '../../../domain/lifecycle/commands.ts';
import type { Command } from '../../../domain/lifecycle/decide.ts';
import type { DomainEventType } from '../../../domain/lifecycle/events.ts';
import { stepToRest } from '../../../domain/lifecycle/run-inline.ts';
import { initialState, isTerminal, type LifecycleState } from '../../../domain/lifecycle/state.ts';
import type { GovernanceEvent } from '../../../events/envelope.ts';
import { sealChain } from '../../../events/seal-chain.ts';
import type { UpdateReceipt } from '../../../workflows/messages.ts';
import { signed } from '../../support/test-keys.ts';

interface Entry {
  state: LifecycleState;
  events: GovernanceEvent[];
}

/** An in-memory GovernanceClient for API-layer unit tests, deciding with the real domain and a real pack (`test` by default). */
export interface InMemoryGovernance extends GovernanceClient {
  history(systemId: string): Promise<GovernanceEvent[]>;
  readonly systems: Map<string, Entry>;
}

/**
 * The same interface as the Temporal-backed client, with the workflow replaced by `decide`/`evolve` run inline:
 * refusals carry the domain's own codes, and the assessment uses the real policy pack and roster.
 */
export async function createInMemoryGovernance(policyDir = 'policies', packName = 'test'): Promise<InMemoryGovernance> {
  const pack = await loadPolicyPack(policyDir, packName);
  const roster = await loadRoster(join(policyDir, 'rosters'), pack.roster);
  const systems = new Map<string, Entry>();
  const now = () => Date.parse('2026-06-01T12:00:00Z');

  // The workflow runs the assessment activity whenever the state awaits one; here it runs inline.
  const assess = ({ proposal }: { proposal: Proposal }) => ({ assessment: assessRisk(proposal, pack), roster });
  /** Steps a command and the assessments it leads to, sealing each step's events as the workflow's recorder does. */
  const run = (entry: Entry, command: Command, actor: string): DomainEventType[] => {
    const steps = stepToRest(entry.state, command, { now: now(), recordConflicts: true }, assess);
    steps.forEach((st, i) => {
      const sealed = sealChain(st.events, {
        state: entry.state, namespace: 'test', unassessedPolicyVersion: pack.policyVersion,
        time: new Date(now()).toISOString(), ...(i === 0 ? { actor } : {}),
      });
      entry.state = { ...st.state, lastHash: sealed.at(-1)?.hash ?? entry.state.lastHash };
      entry.events.push(...sealed.map((e) => signed(e)));
    });
    return steps[0]?.events.map((e) => e.type) ?? [];
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
      const events = run(entry, { type: name, ...parsed } as Command, parsed.actor);
      return { systemId, events, sequence: entry.state.sequence, stage: entry.state.stage };
    };
  const updates = Object.fromEntries(
    (Object.keys(updateInputSchemas) as UpdateName[]).map((n) => [n, send(n)]),
  ) as unknown as Pick<GovernanceClient, UpdateName>;

  return {
    ...updates,
    systems,
    async startLifecycle(proposal, { actor, roles }) {
      const start = parseOrThrow(StartLifecycle, { proposal, actor, ...(roles ? { roles } : {}) }, 'proposal');
      const systemId = start.proposal.systemId;
      if (systems.has(systemId)) throw new DomainError(ErrorCode.conflict, `system ${systemId} already exists`);
      const entry: Entry = { state: initialState(systemId), events: [] };
      systems.set(systemId, entry);
      run(entry, { type: 'propose', proposal: start.proposal, policyPack: pack.name, actor, ...(roles ? { roles } : {}) }, actor);
      return { systemId, workflowId: `ai-system:${systemId}`, policyPack: pack.name };
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
      // Tokens shaped as the visibility store's (base64url JSON cursors), so the API's token check applies here too.
      const from = f.nextPageToken ? (JSON.parse(Buffer.from(f.nextPageToken, 'base64url').toString()) as { offset: number }).offset : 0;
      const size = f.pageSize ?? 100;
      const cursor = (offset: number) => Buffer.from(JSON.stringify({ offset })).toString('base64url');
      const next = from + size < all.length ? cursor(from + size) : undefined;
      return { systems: all.slice(from, from + size), ...(next ? { nextPageToken: next } : {}) };
    },
    async history(systemId) {
      return [...entryOf(systemId).events];
    },
  };
}
