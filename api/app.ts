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
import type { Jwks, TrustedKeys } from '../events/keyring.ts';
import { registerReviewRoutes } from './routes/reviews.ts';
import { registerSystemRoutes, type EventHistory } from './routes/systems.ts';
import { registerStreamRoute } from './routes/stream.ts';
import { registerConsole, type ConsoleSite } from './console-site.ts';
import type { EventFeed } from '../adapters/event-feed.ts';

/** What the API needs from the outside world, passed in so tests can run it with no port and no server. */
export interface AppDeps {
  governance: GovernanceClient;
  auth: Authenticator;
  /** A system's sealed events for GET /v1/systems/{id}/events: the state holds none, the event topic holds them all. */
  history: EventHistory;
  /** The engine's event keys: served as a JWKS, and the only keys whose events the events route serves. */
  eventKeys: { readonly trusted: TrustedKeys; jwks(): Jwks };
  /** The engine's key for approval attestations (the event key, so the same JWKS verifies both). */
  attestations: AttestationDeps;
  readiness: Readiness;
  /** Where 5xx errors are reported; silent by default. */
  log?: (msg: string, err: unknown) => void;
  /** Largest accepted request body, in bytes (default 256 KiB). */
  maxBodyBytes?: number;
  /** One line per request (pino in the API process); none by default. */
  accessLog?: AccessLogger;
  /** Failed sign-ins per address before 429 (default 20 per 60 s). */
  authFailureLimit?: AuthFailureLimit;
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
  if (deps.console) registerConsole(app, deps.console);
  app.use('/v1/*', limitAuthFailures(deps.authFailureLimit ?? { failures: 20, windowSeconds: 60 }));
  registerKeyRoutes(app, () => deps.eventKeys.jwks());
  app.use('/v1/*', authenticate(deps.auth));
  registerSystemRoutes(app, deps.governance, deps.history, deps.eventKeys.trusted);
  registerAttestationRoute(app, deps.governance, deps.history, deps.attestations);
  registerCommandRoutes(app, deps.governance);
  registerReviewRoutes(app, deps.governance);
  if (deps.feed) registerStreamRoute(app, deps.governance, deps.feed);

  const document = () => app.getOpenAPI31Document({ openapi: '3.1.0', info: API_INFO });
  app.get('/openapi.json', (c) => c.json(document()));
  app.get('/docs', (c) => c.html(renderDocsPage(document())));
  return app;
}
