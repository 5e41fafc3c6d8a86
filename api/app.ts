import { OpenAPIHono } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import { DomainError, ErrorCode, toFieldIssues } from '../domain/errors.ts';
import { accessLog, type AccessLogger } from './access-log.ts';
import { authenticate, type AuthEnv, type Authenticator } from './auth.ts';
import { limitAuthFailures, type AuthFailureLimit } from './auth-limit.ts';
import { renderDocsPage } from './docs-page.ts';
import { onError, problem, sendProblem } from './problem.ts';
import type { GovernanceClient } from '../client/governance-client.ts';
import { registerCommandRoutes } from './routes/commands.ts';
import { registerHealthRoutes, type Readiness } from './routes/health.ts';
import { registerKeyRoutes } from './routes/keys.ts';
import { registerAttestationRoute, type AttestationDeps } from './routes/attestation.ts';
import { registerCommandKeyRoutes, type CommandKeyRoll } from './routes/command-keys.ts';
import type { Jwks, TrustedKeys } from '../events/keyring.ts';
import { registerReviewRoutes } from './routes/reviews.ts';
import { registerIndicatorRoutes, type FactsSource } from './routes/indicators.ts';
import { registerPolicyRoutes } from './routes/policy.ts';
import { registerPolicyImpactRoutes } from './routes/policy-impact.ts';
import type { PolicyImpactDeps } from '../client/policy-impact.ts';
import type { ScreeningCatalogue } from '../client/screening-catalogue.ts';
import { registerSystemRoutes, type EventHistory } from './routes/systems.ts';
import type { Tracer } from '@opentelemetry/api';
import type { Registry } from 'prom-client';
import type { ApiMetrics } from '../adapters/metrics/registry.ts';
import type { ScrapeAccess } from '../adapters/metrics/scrape-access.ts';
import { measureRequests } from './request-metrics.ts';
import { traceRequests } from './request-tracing.ts';
import { registerMetricsRoute } from './routes/metrics.ts';
import type { ReadSide } from '../consumer/read-side/read-side.ts';
import { DEFAULT_READ_WAIT_MS } from './routes/read-your-writes.ts';
import { registerDecisionRoutes, type DecisionDeps } from './routes/decision-routes.ts';
import { registerStreamRoute } from './routes/stream.ts';
import { registerConsole, type ConsoleSite } from './console-site.ts';
import type { EventFeed } from '../adapters/event-feed.ts';
import type { PreviewAssessment } from '../client/assessment-preview.ts';
import { registerAssessmentPreviewRoute } from './routes/assessment-preview.ts';

/** What the API needs from the outside world, passed in so tests can run it with no port and no server. */
export interface AppDeps {
  governance: GovernanceClient;
  auth: Authenticator;
  /** A system's sealed events as found on the topic, for the attestation route (which verifies them itself). */
  history: EventHistory;
  /** The projection of the event topic: lists, the inbox, trails (everything that spans systems). */
  readSide: ReadSide;
  /** How long a read with `minSequence` waits for the read side (default 5 s), then 503. */
  readWaitMs?: number;
  /** The engine's event keys: served as a JWKS, and the only keys whose events the events route serves. */
  eventKeys: { readonly trusted: TrustedKeys; jwks(): Jwks };
  /** The engine's key for approval attestations (the event key, so the same JWKS verifies both). */
  attestations: AttestationDeps;
  readiness: Readiness;
  /** The indicator facts from the read side, for /v1/indicators and /v1/report (503 without one). */
  indicatorFacts?: FactsSource;
  /** Where 5xx errors are reported; silent by default. */
  log?: (msg: string, err: unknown) => void;
  /** Largest accepted request body, in bytes (default 256 KiB). */
  maxBodyBytes?: number;
  /** One line per request (pino in the API process); none by default. */
  accessLog?: AccessLogger;
  /** Failed sign-ins per address before 429 (default 20 per 60 s). */
  authFailureLimit?: AuthFailureLimit;
  /** Prometheus series of requests and commands, served on GET /metrics to whoever `access` admits; none by default. */
  metrics?: { api: ApiMetrics; registry: Registry; access: ScrapeAccess };
  /** A server span per request (tracing on); none by default. */
  tracer?: Tracer;
  /** The roll of the API's command key over the running lifecycles (no route without it). */
  rollCommandKeys?: CommandKeyRoll;
  /** The screening questions of the packs a proposal would fall under (GET /v1/policy/screening). */
  screening?: ScreeningCatalogue;
  /** The offline assessment a proposal would get (POST /v1/assessments/preview); no route without it. */
  previewAssessment?: PreviewAssessment;
  /** Pack versions and where the live systems are read, for /v1/policy/impact and /v1/policy/applications (absent: no routes). */
  policyImpact?: PolicyImpactDeps;
  /** The decision trail: ingest for deployed services, oversight and export reads; absent, no decision routes. */
  decisions?: DecisionDeps;
  /** The web console at /console/ (its build folder and sign-in settings); not served when absent. */
  console?: ConsoleSite;
  /** The live feed behind GET /v1/stream; the route is absent without one. */
  feed?: EventFeed;
}

const API_INFO = {
  title: 'govflow',
  version: '1.0.0',
  description:
    'Governance workflow for AI systems: propose, assess, review, approve, deploy, operate and retire, with every step an event.',
};

/** Refuses bad input with every bad field at once, as an INVALID_INPUT DomainError the error handler maps to 400. */
const validationHook = (
  result: { success: true } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } },
  c: { req: { method: string; path: string } },
  target?: string,
): void => {
  if (result.success) return;
  const where = target && target !== 'json' ? `${target} ` : '';
  const issues = toFieldIssues(result.error.issues);
  throw new DomainError(
    ErrorCode.invalidInput,
    `invalid ${where}input for ${c.req.method} ${c.req.path}: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`,
    issues,
  );
};

/** Builds the HTTP API: every route, the OpenAPI document, the docs page and the one error handler. */
export function createApp(deps: AppDeps): OpenAPIHono<AuthEnv> {
  const app = new OpenAPIHono<AuthEnv>({
    defaultHook: (result, c) => validationHook(result, c, result.target),
  });
  app.onError(onError(deps.log));
  if (deps.tracer) app.use('*', traceRequests(deps.tracer));
  if (deps.metrics) app.use('*', measureRequests(deps.metrics.api));
  if (deps.accessLog) app.use('*', accessLog(deps.accessLog));
  app.notFound((c) =>
    sendProblem(
      c,
      problem(404, ErrorCode.notFound, `no route for ${c.req.method} ${c.req.path}`, { instance: c.req.path }),
    ),
  );
  app.use(
    '*',
    bodyLimit({
      maxSize: deps.maxBodyBytes ?? 256 * 1024,
      onError: () => {
        throw new HTTPException(413, { message: `request body larger than ${deps.maxBodyBytes ?? 256 * 1024} bytes` });
      },
    }),
  );
  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
  });

  registerHealthRoutes(app, deps.readiness);
  if (deps.metrics) registerMetricsRoute(app, deps.metrics);
  if (deps.console) registerConsole(app, deps.console);
  app.use('/v1/*', limitAuthFailures(deps.authFailureLimit ?? { failures: 20, windowSeconds: 60 }));
  registerKeyRoutes(app, () => deps.eventKeys.jwks());
  app.use('/v1/*', authenticate(deps.auth));
  const readWaitMs = deps.readWaitMs ?? DEFAULT_READ_WAIT_MS;
  registerSystemRoutes(app, deps.governance, deps.readSide, readWaitMs);
  registerAttestationRoute(app, deps.governance, deps.history, deps.attestations);
  registerCommandRoutes(app, deps.governance);
  registerReviewRoutes(app, deps.readSide, readWaitMs);
  if (deps.rollCommandKeys) registerCommandKeyRoutes(app, deps.rollCommandKeys);
  registerIndicatorRoutes(app, deps.indicatorFacts);
  if (deps.screening) registerPolicyRoutes(app, deps.screening);
  if (deps.previewAssessment) registerAssessmentPreviewRoute(app, deps.previewAssessment);
  if (deps.policyImpact) registerPolicyImpactRoutes(app, deps.governance, deps.policyImpact);
  if (deps.decisions) registerDecisionRoutes(app, deps.governance, deps.decisions);
  if (deps.feed) registerStreamRoute(app, deps.readSide, deps.feed);

  const document = () => app.getOpenAPI31Document({ openapi: '3.1.0', info: API_INFO });
  app.get('/openapi.json', (c) => c.json(document()));
  app.get('/docs', (c) => c.html(renderDocsPage(document())));
  return app;
}
