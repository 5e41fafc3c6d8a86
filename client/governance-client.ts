import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import type { Client } from '@temporalio/client';
import { ApplicationFailure, WorkflowExecutionAlreadyStartedError, WorkflowIdReusePolicy } from '@temporalio/common';
import { z } from 'zod';
import { DomainError, ErrorCode, parseOrThrow } from '../domain/errors.ts';
import type { FieldIssue } from '../domain/errors.ts';
import { StartLifecycle, updateInputSchemas } from '../domain/lifecycle/commands.ts';
import type { UpdateName } from '../domain/lifecycle/commands.ts';
import { Stage } from '../domain/lifecycle/state.ts';
import type { LifecycleState } from '../domain/lifecycle/state.ts';
import type { Role } from '../domain/identity.ts';
import { DEFAULT_POLICY_PACK, selectPacks, type PackSelection } from '../domain/pack-selection.ts';
import { Tier } from '../domain/policy-pack.ts';
import type { PolicyPack } from '../domain/policy-pack.ts';
import { requireScreeningAnswers } from '../domain/screen-proposal.ts';
import { Sector, SystemId, UserId } from '../domain/proposal.ts';
import type { aiSystemLifecycle } from '../workflows/lifecycle.ts';
import { START_COMMAND } from '../events/command-proof.ts';
import { getStateQuery, lifecycleUpdates, workflowIdOf } from '../workflows/messages.ts';
import type { UpdateReceipt } from '../workflows/messages.ts';
import { GovOwner, GovSector, GovStage, GovTier } from '../workflows/search-attributes.ts';
import { PageToken } from '../wire/page-token.ts';
import type { CommandSigner } from './command-signer.ts';

/** What the governance client needs: a connected Temporal client and the task queue the workers poll. */
export interface GovernanceClientOptions {
  readonly client: Client;
  readonly taskQueue: string;
  /** The pack applied when the selection names none (config `GOVFLOW_POLICY_PACK`). */
  readonly defaultPolicyPack?: string;
  /** The organisation's pack selection by jurisdiction and sector (config `GOVFLOW_POLICY_SELECTION`). */
  readonly packSelection?: PackSelection;
  /**
   * Loads the selected pack in force, or throws: checked before a lifecycle starts, so a configuration naming a pack
   * that does not exist, does not validate or may not run here is refused before any workflow starts.
   */
  readonly checkPolicyPack?: (name: string) => Promise<PolicyPack>;
  /**
   * Signs each command for the person the caller authenticated (the API's command key). Lifecycles refuse
   * unsigned commands, so only a client holding this key can act on them.
   */
  readonly commandSigner?: CommandSigner;
}

type UpdateMethods = { [N in UpdateName]: (systemId: string, input: z.input<(typeof updateInputSchemas)[N]>) => Promise<UpdateReceipt> };

/** The one way the API and the CLI talk to lifecycles; every refusal is a DomainError with a stable code. */
export interface GovernanceClient extends UpdateMethods {
  /** Starts a lifecycle under the pack the organisation's configuration selects for the proposal. */
  startLifecycle(
    proposal: unknown,
    opts: { actor: string; roles?: readonly Role[] },
  ): Promise<{ workflowId: string; systemId: string; policyPack: string; policyPacks?: string[] }>;
  getState(systemId: string): Promise<LifecycleState>;
  list(filter?: z.input<typeof ListFilter>): Promise<SystemPage>;
}

/** Which systems to list: every filter optional, combined with AND. */
export const ListFilter = z.strictObject({
  stage: Stage.optional(),
  tier: Tier.optional(),
  sector: Sector.optional(),
  owner: UserId.optional(),
  pageSize: z.number().int().min(1).max(1000).default(100),
  nextPageToken: PageToken.optional(),
});
export type ListFilter = z.infer<typeof ListFilter>;

/** One system in a listing, read from the search attributes (no workflow is woken to list). */
export interface SystemSummary {
  readonly systemId: string;
  readonly workflowId: string;
  readonly status: string;
  readonly stage: string | null;
  readonly tier: string | null;
  readonly sector: string | null;
  readonly owner: string | null;
  readonly startedAt: string | null;
}

/** A page of systems and the token of the next page (absent on the last). */
export interface SystemPage {
  readonly systems: SystemSummary[];
  readonly nextPageToken?: string;
}

export { workflowIdOf };

/** Builds the governance client over a Temporal client. */
export function createGovernanceClient(opts: GovernanceClientOptions): GovernanceClient {
  const { client, taskQueue } = opts;
  const handleOf = (systemId: string) => client.workflow.getHandle(workflowIdOf(parseOrThrow(SystemId, systemId, 'system id')));

  const send = <N extends UpdateName>(name: N) => async (systemId: string, input: unknown): Promise<UpdateReceipt> => {
    const parsed = parseOrThrow(updateInputSchemas[name] as z.ZodType<object>, input, `${name} input`);
    const handle = handleOf(systemId);
    const sub = (parsed as { actor: string }).actor;
    const proof = await opts.commandSigner?.sign({ cmd: name, sys: systemId, sub, input: parsed });
    try {
      return await handle.executeUpdate(lifecycleUpdates[name] as never, { args: (proof ? [parsed, proof] : [parsed]) as never });
    } catch (e) {
      throw await translate(e, systemId, () => handle.describe());
    }
  };

  const updates = Object.fromEntries(
    (Object.keys(lifecycleUpdates) as UpdateName[]).map((name) => [name, send(name)]),
  ) as unknown as UpdateMethods;

  return {
    ...updates,
    async startLifecycle(proposal, { actor, roles }) {
      const start = parseOrThrow(StartLifecycle, { proposal, actor, ...(roles ? { roles } : {}) }, 'proposal');
      const workflowId = workflowIdOf(start.proposal.systemId);
      const packs = selectPacks(opts.packSelection ?? { rules: [] }, start.proposal, opts.defaultPolicyPack ?? DEFAULT_POLICY_PACK);
      const pack = packs[0]!;
      if (opts.checkPolicyPack) {
        const check = opts.checkPolicyPack;
        // A pack the configuration names but that cannot be put in force is the operator's fault, not the proposer's.
        const inForce = await Promise.all(
          packs.map((name) =>
            check(name).catch((e: unknown) => {
              const why = e instanceof DomainError ? e.message : String(e);
              throw new DomainError(ErrorCode.invalidPolicy, `the configured policy pack ${name} cannot be used: ${why}`);
            }),
          ),
        );
        // Every screening question of every applicable pack is answered before anything starts: a gap is a 400.
        requireScreeningAnswers(inForce, start.proposal);
      }
      const regimes = packs.length > 1 ? { policyPacks: packs } : {};
      const args = { proposal: start.proposal, policyPack: pack, ...regimes, actor: start.actor, ...(start.roles ? { roles: start.roles } : {}) };
      // The start is signed like every command: the lifecycle refuses to begin on a start the edge did not sign.
      const proof = await opts.commandSigner?.sign({ cmd: START_COMMAND, sys: start.proposal.systemId, sub: start.actor, input: args });
      try {
        await client.workflow.start<typeof aiSystemLifecycle>('aiSystemLifecycle', {
          workflowId,
          taskQueue,
          args: [{ ...args, ...(proof ? { proof } : {}) }],
          // One lifecycle per system id, ever: a second proposal with the same id is a conflict, not a new run.
          workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
          typedSearchAttributes: [
            { key: GovStage, value: 'proposed' },
            { key: GovSector, value: start.proposal.sector },
            { key: GovOwner, value: start.proposal.owner },
          ],
        });
      } catch (e) {
        if (e instanceof WorkflowExecutionAlreadyStartedError) {
          throw new DomainError(ErrorCode.conflict, `system ${start.proposal.systemId} already exists`);
        }
        throw e;
      }
      return { workflowId, systemId: start.proposal.systemId, policyPack: pack, ...regimes };
    },
    async getState(systemId) {
      const handle = handleOf(systemId);
      try {
        return await handle.query(getStateQuery);
      } catch (e) {
        throw await translate(e, systemId, () => handle.describe());
      }
    },
    list: (filter = {}) => listSystems(client, parseOrThrow(ListFilter, filter, 'list filter')),
  };
}

const codes = new Set<string>(Object.values(ErrorCode));

/** Turns what Temporal threw into a DomainError carrying the workflow's own code and reason. */
async function translate(e: unknown, systemId: string, describe: () => Promise<{ status: { name: string } }>): Promise<unknown> {
  const cause = e instanceof WorkflowUpdateFailedError ? e.cause : e;
  if (cause instanceof ApplicationFailure && cause.type && codes.has(cause.type)) {
    const issues = (cause.details?.[0] ?? []) as FieldIssue[];
    return new DomainError(cause.type as ErrorCode, cause.message, Array.isArray(issues) ? issues : []);
  }
  if (e instanceof WorkflowNotFoundError || isNotFound(e)) {
    const status = await describe().then((d) => d.status.name, () => null);
    if (status && status !== 'RUNNING') return new DomainError(ErrorCode.wrongStage, `the lifecycle of ${systemId} has ended (${status.toLowerCase()})`);
    return new DomainError(ErrorCode.notFound, `no system ${systemId}`);
  }
  return e;
}

function isNotFound(e: unknown): boolean {
  return typeof e === 'object' && e !== null && (e as { code?: unknown }).code === 5; // gRPC NOT_FOUND
}

/** Lists lifecycles through the visibility store, filtered on the Gov* search attributes. */
async function listSystems(client: Client, f: ListFilter): Promise<SystemPage> {
  // Values are enum members or user ids (no quotes allowed by their schemas), so they are safe in the query.
  const clauses = ["WorkflowType = 'aiSystemLifecycle'"];
  const pairs: [string, string | undefined][] = [[GovStage.name, f.stage], [GovTier.name, f.tier], [GovSector.name, f.sector], [GovOwner.name, f.owner]];
  for (const [key, value] of pairs) if (value !== undefined) clauses.push(`${key} = '${value}'`);
  const res = await client.workflowService.listWorkflowExecutions({
    namespace: client.options.namespace,
    pageSize: f.pageSize,
    query: clauses.join(' AND '),
    nextPageToken: f.nextPageToken ? Buffer.from(f.nextPageToken, 'base64url') : undefined,
  });
  const systems = (res.executions ?? []).map((x): SystemSummary => {
    const attr = (name: string): string | null => keyword(x.searchAttributes?.indexedFields?.[name]?.data);
    const workflowId = x.execution?.workflowId ?? '';
    const seconds = x.startTime?.seconds;
    return {
      systemId: workflowId.replace(/^ai-system:/, ''),
      workflowId,
      status: statusName(x.status),
      stage: attr(GovStage.name),
      tier: attr(GovTier.name),
      sector: attr(GovSector.name),
      owner: attr(GovOwner.name),
      startedAt: seconds == null ? null : new Date(Number(seconds) * 1000).toISOString(),
    };
  });
  const token = res.nextPageToken && res.nextPageToken.length > 0 ? Buffer.from(res.nextPageToken).toString('base64url') : undefined;
  return token ? { systems, nextPageToken: token } : { systems };
}

/** A keyword search attribute's value: JSON of a string (or of a one-element list, as older servers store it). */
function keyword(data: Uint8Array | null | undefined): string | null {
  if (!data || data.length === 0) return null;
  const value: unknown = JSON.parse(Buffer.from(data).toString('utf8'));
  const one = Array.isArray(value) ? value[0] : value;
  return typeof one === 'string' ? one : null;
}

const statuses = ['UNSPECIFIED', 'RUNNING', 'COMPLETED', 'FAILED', 'CANCELED', 'TERMINATED', 'CONTINUED_AS_NEW', 'TIMED_OUT'];
const statusName = (s: number | null | undefined): string => statuses[s ?? 0] ?? 'UNSPECIFIED';
