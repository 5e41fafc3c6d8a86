import type { OversightView } from '../wire/decisions.ts';
import type {
  AmendBody,
  CommandKeyRollBody,
  CommandKeysBody,
  DeploymentBody,
  EvidenceBody,
  IncidentBody,
  ListQuery,
  ModificationBody,
  ProposeBody,
  RecuseBody,
  RetirementBody,
  StaffingRetryBody,
  TransparencyReportBody,
  VoteBody,
} from '../wire/schemas.ts';
import type {
  CommandKeyRollReport,
  CommandReceipt,
  EventPage,
  PendingReviews,
  ProposeResult,
  SystemPage,
  SystemView,
  UnstaffedReviews,
} from '../wire/views.ts';
import type { Problem } from '../wire/problem.ts';
import type { DsseEnvelope } from '../events/attestation.ts';
import type { IndicatorQuery } from '../wire/indicators.ts';
import type { ApplyReport, ImpactReport, PackVersionInput } from '../wire/policy-impact.ts';
import type { Indicators } from '../domain/indicators/indicators.ts';
import type { RegulatorReport } from '../domain/indicators/report.ts';
import type { ScreeningView } from '../wire/screening.ts';


/** A refusal from the API (its problem+json), or a failure to reach it at all (status 0). */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly problem?: Problem,
  ) {
    super(message);
  }
}

/** Where the API is and who is calling. */
export interface HttpClientOptions {
  baseUrl: string;
  token?: string | undefined;
  fetch?: typeof fetch;
  /** Abort a request after this many milliseconds (default 60 s: a vote waits for the workflow's update). */
  timeoutMs?: number;
}

type Query = Record<string, string | number | undefined>;

/** The typed client of the govflow HTTP API: the CLI's only way to the engine. */
export function createHttpClient(opts: HttpClientOptions) {
  const doFetch = opts.fetch ?? fetch;
  const base = opts.baseUrl.replace(/\/+$/, '');

  async function call<T>(method: string, path: string, body?: unknown, query?: Query): Promise<T> {
    const text = await callText(method, path, body, query);
    return (text ? safeJson(text) : undefined) as T;
  }

  /** The response body as text (JSON Lines exports), or the API's refusal as an ApiError. */
  async function callText(method: string, path: string, body?: unknown, query?: Query): Promise<string> {
    const url = new URL(base + path);
    for (const [k, v] of Object.entries(query ?? {}))
      if (v !== undefined && v !== '') url.searchParams.set(k, String(v));
    const headers: Record<string, string> = { accept: 'application/json, application/problem+json' };
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    let res: Response;
    try {
      res = await doFetch(url, {
        method,
        headers,
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        signal: AbortSignal.timeout(opts.timeoutMs ?? 60_000),
      });
    } catch (err) {
      const cause = (err as { cause?: { code?: string; message?: string } }).cause;
      const why = cause?.code ?? cause?.message ?? (err as Error).message;
      throw new ApiError(0, 'UNREACHABLE', `cannot reach the govflow API at ${base} (${why}); is it running?`);
    }
    const text = await res.text();
    if (!res.ok) throw toApiError(res.status, text ? safeJson(text) : undefined, text);
    return text;
  }

  const sys = (id: string) => `/v1/systems/${encodeURIComponent(id)}`;
  return {
    health: () => call<{ status: string }>('GET', '/healthz'),
    readiness: () => call<{ status: string; temporal: boolean; kafka: boolean }>('GET', '/readyz'),
    propose: (proposal: ProposeBody) => call<ProposeResult>('POST', '/v1/systems', proposal),
    screening: (query: { sector: string; jurisdictions?: string }) =>
      call<ScreeningView>('GET', '/v1/policy/screening', undefined, query),
    list: (query: ListQuery = {}) => call<SystemPage>('GET', '/v1/systems', undefined, { ...query }),
    get: (id: string) => call<SystemView>('GET', sys(id)),
    events: (id: string, query: { minSequence?: string | undefined } = {}) =>
      call<EventPage>('GET', `${sys(id)}/events`, undefined, { ...query }),
    attestation: (id: string, artifactDigest?: string) =>
      call<DsseEnvelope>('GET', `${sys(id)}/attestation`, undefined, { artifactDigest }),
    pending: (query: { minSequence?: string | undefined; pageSize?: number | undefined; pageToken?: string | undefined } = {}) =>
      call<PendingReviews>('GET', '/v1/reviews/pending', undefined, { ...query }),
    unstaffed: () => call<UnstaffedReviews>('GET', '/v1/reviews/unstaffed'),
    vote: (id: string, body: VoteBody) => call<CommandReceipt>('POST', `${sys(id)}/votes`, body),
    recuse: (id: string, body: RecuseBody) => call<CommandReceipt>('POST', `${sys(id)}/recusals`, body),
    amend: (id: string, body: AmendBody) => call<CommandReceipt>('POST', `${sys(id)}/amendments`, body),
    evidence: (id: string, conditionId: string, body: EvidenceBody) =>
      call<CommandReceipt>('POST', `${sys(id)}/conditions/${encodeURIComponent(conditionId)}/evidence`, body),
    deploy: (id: string, body: DeploymentBody) => call<CommandReceipt>('POST', `${sys(id)}/deployments`, body),
    incident: (id: string, body: IncidentBody) => call<CommandReceipt>('POST', `${sys(id)}/incidents`, body),
    report: (id: string, body: TransparencyReportBody) =>
      call<CommandReceipt>('POST', `${sys(id)}/transparency-reports`, body),
    modify: (id: string, body: ModificationBody) => call<CommandReceipt>('POST', `${sys(id)}/modifications`, body),
    retire: (id: string, body: RetirementBody) => call<CommandReceipt>('POST', `${sys(id)}/retirement`, body),
    retryStaffing: (id: string, body: StaffingRetryBody) =>
      call<CommandReceipt>('POST', `${sys(id)}/staffing-retries`, body),
    rotateCommandKeys: (id: string, body: CommandKeysBody) =>
      call<CommandReceipt>('POST', `${sys(id)}/command-keys`, body),
    rollCommandKeys: (body: CommandKeyRollBody) => call<CommandKeyRollReport>('POST', '/v1/command-keys/rotations', body),
    policyImpact: (q: PackVersionInput) => call<ImpactReport>('GET', '/v1/policy/impact', undefined, { ...q }),
    applyPolicyVersion: (body: PackVersionInput) => call<ApplyReport>('POST', '/v1/policy/applications', body),
    indicators: (query: IndicatorQuery = {}) => call<Indicators>('GET', '/v1/indicators', undefined, { ...query }),
    regulatorReport: (query: IndicatorQuery = {}) => call<RegulatorReport>('GET', '/v1/report', undefined, { ...query, format: 'json' }),
    oversight: (id: string) => call<OversightView>('GET', `${sys(id)}/oversight`),
    /** A system's decisions in [from, to) as JSON Lines, byte for byte as the API sent them (the digest covers them). */
    exportDecisions: (id: string, from: string, to: string) => callText('GET', `${sys(id)}/decisions`, undefined, { from, to }),
  };
}
/** The typed HTTP client. */
export type HttpClient = ReturnType<typeof createHttpClient>;

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function toApiError(status: number, json: unknown, text: string): ApiError {
  const p = json as Partial<Problem> | undefined;
  if (p && typeof p.detail === 'string') {
    // The API's detail already names every bad field, so it is the whole message.
    return new ApiError(status, p.code ?? `HTTP_${status}`, p.detail, p as Problem);
  }
  return new ApiError(status, `HTTP_${status}`, text.slice(0, 200) || `HTTP ${status}`);
}
