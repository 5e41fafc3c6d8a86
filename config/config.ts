import { z } from 'zod';
import { secretProblem } from './secrets.ts';
import { credentialIssues, KafkaCredentials, TemporalCredentials } from './servers.ts';
import { notifyIssues, NotifyFields } from './notify.ts';
import { TelemetryFields } from './telemetry.ts';

/** Where govflow runs: testing packs and the local issuer's defaults exist only outside production. */
export const GovflowEnv = z.enum(['development', 'test', 'production']);
export type GovflowEnv = z.infer<typeof GovflowEnv>;

/** A span written `90s`, `30m`, `12h` or a number of seconds; parsed to seconds. */
const Span = z
  .string()
  .regex(/^\d+[smh]?$/, 'must be seconds or a span such as 30m or 12h')
  .transform((s) => Number.parseInt(s, 10) * ({ s: 1, m: 60, h: 3600 }[s.at(-1) ?? 's'] ?? 1))
  .refine((seconds) => seconds > 0, 'must be more than 0 seconds');

/** `group=role,group=role`: an issuer's group names mapped to govflow roles. */
const GroupRoles = z
  .string()
  .transform((s) =>
    s
      .split(',')
      .map((p) => p.trim())
      .filter(Boolean),
  )
  .pipe(z.array(z.string().regex(/^[^=]+=[a-z_]+$/, 'each entry must be group=role')))
  .transform((pairs) =>
    Object.fromEntries(pairs.map((p) => [p.slice(0, p.lastIndexOf('=')), p.slice(p.lastIndexOf('=') + 1)])),
  );

const Fields = z.object({
  GOVFLOW_ENV: GovflowEnv.default('production'),
  GOVFLOW_TEMPORAL_ADDRESS: z.string().default('127.0.0.1:7233'),
  GOVFLOW_TEMPORAL_NAMESPACE: z.string().default('default'),
  GOVFLOW_TEMPORAL_UI_URL: z.string().default('http://127.0.0.1:8233'),
  GOVFLOW_TASK_QUEUE: z.string().default('ai-governance'),
  ...TemporalCredentials,
  GOVFLOW_KAFKA_BROKERS: z
    .string()
    .default('127.0.0.1:9092')
    .transform((s) =>
      s
        .split(',')
        .map((b) => b.trim())
        .filter(Boolean),
    ),
  GOVFLOW_KAFKA_CLIENT_ID: z.string().default('govflow'),
  ...KafkaCredentials,
  GOVFLOW_TOPIC: z.string().default('ai-governance.lifecycle.v1'),
  GOVFLOW_DEAD_LETTER_TOPIC: z.string().default('ai-governance.lifecycle.v1.dlq'),
  /** Signed checkpoints of each system's head, published on every stage change (verifiers without Temporal). */
  GOVFLOW_CHECKPOINT_TOPIC: z.string().default('ai-governance.lifecycle.v1.checkpoints'),
  /** Where deployed services log their decisions (the decision checker creates it with the lifecycle topic's layout). */
  GOVFLOW_DECISIONS_TOPIC: z.string().default('ai-governance.decisions.v1'),
  /** Keeps logged decisions this many whole months (`P12M`) for every system, instead of each pack's `decisionTrail.retention`. */
  GOVFLOW_DECISION_RETENTION: z.string().regex(/^P[1-9][0-9]{0,2}M$/, 'must be whole months, such as P6M').optional(),
  /** The decision checker's service identity: the actor of the findings it records (client id on the issuer). */
  GOVFLOW_DECISION_CHECKER_ID: z.string().min(1).default('svc-decision-checker'),
  GOVFLOW_TOPIC_PARTITIONS: z.coerce.number().int().min(1).default(6),
  GOVFLOW_TOPIC_REPLICATION: z.coerce.number().int().min(1).default(1),
  GOVFLOW_POLICY_DIR: z.string().default('policies'),
  /** The pack applied when the pack selection names no other (the organisation's choice, never the proposer's). */
  GOVFLOW_POLICY_PACK: z.string().default('ai-governance-code-2026'),
  /** Optional YAML or JSON file choosing the pack by the jurisdictions and sector a proposal declares. */
  GOVFLOW_POLICY_SELECTION: z.string().min(1).optional(),
  GOVFLOW_API_HOST: z.string().default('127.0.0.1'),
  GOVFLOW_API_PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  /** The console's address (its sign-in redirect): by default `/console/` on the API's host and port. */
  GOVFLOW_CONSOLE_URL: z.url().optional(),
  /** The console's public client id at the issuer (authorization code with PKCE). */
  GOVFLOW_CONSOLE_CLIENT_ID: z.string().min(1).default('govflow-console'),
  /** The OpenID Connect issuer whose JWKS verifies every token; outside production, the local issuer by default. */
  GOVFLOW_OIDC_ISSUER: z.url().optional(),
  /** The local issuer's port (`scripts/stack.sh` starts it; only for development and test). */
  GOVFLOW_OIDC_PORT: z.coerce.number().int().min(1).max(65535).default(8090),
  GOVFLOW_OIDC_AUDIENCE: z.string().min(1).default('govflow'),
  /** The claim holding the caller's roles (or groups, with GOVFLOW_OIDC_GROUP_ROLES). */
  GOVFLOW_OIDC_ROLES_CLAIM: z.string().min(1).default('roles'),
  GOVFLOW_OIDC_GROUP_ROLES: GroupRoles.optional(),
  GOVFLOW_TOKEN_MAX_LIFETIME: Span.default(12 * 3600),
  /** Failed sign-ins allowed from one address per window before 429. */
  GOVFLOW_AUTH_FAILURE_LIMIT: z.coerce.number().int().min(1).default(20),
  GOVFLOW_AUTH_FAILURE_WINDOW: Span.default(60),
  /** Retired: tokens are verified with the issuer's public keys, never a shared secret. */
  GOVFLOW_JWT_SECRET: z.string().optional(),
  /** Workflows kept in the worker's cache; an evicted one is replayed from its (short) history on its next task. */
  GOVFLOW_WORKER_MAX_CACHED_WORKFLOWS: z.coerce.number().int().min(0).default(300),
  /** Local state (the same folder the stack scripts use): the prebuilt workflow bundles, the local issuer's keys. */
  GOVFLOW_STATE_DIR: z.string().default('.govflow'),
  /** kafkajs' own log lines; retried noise (a coordinator still loading, reconnect attempts) sits below `error`. */
  GOVFLOW_KAFKA_LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'nothing']).default('error'),
  /** The engine's event-signing keyring (a JWKS with one private key); `npm start` and `npm test` create it once. */
  GOVFLOW_EVENT_KEY_FILE: z.string().default('.govflow/keys/event-signing.jwks.json'),
  /** The API's command-signing keyring: the edge signs each command it sends for an authenticated person. */
  GOVFLOW_COMMAND_KEY_FILE: z.string().default('.govflow/keys/command-signing.jwks.json'),
  /** Public event keys a verifier trusts (a JWKS), when it holds no key file: consumers, auditors, pipelines. */
  GOVFLOW_TRUSTED_EVENT_KEYS: z.string().optional(),
  /** Public command keys the workers trust (a JWKS), when they hold no command key file. */
  GOVFLOW_TRUSTED_COMMAND_KEYS: z.string().optional(),
  GOVFLOW_LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  ...NotifyFields,
  ...TelemetryFields,
  /** The read side's PostgreSQL (several API instances share it); unset: SQLite `read-side.sqlite` in the state folder. */
  GOVFLOW_READ_DB_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// connection string')
    .optional(),
});

const SECRETS = ['GOVFLOW_TEMPORAL_API_KEY', 'GOVFLOW_KAFKA_SASL_PASSWORD', 'GOVFLOW_METRICS_TOKEN'] as const;

/** govflow's configuration: one schema over the environment, parsed once per entry point. */
export const Config = Fields.superRefine((c, ctx) => {
  const issue = (path: string, message: string) =>
    ctx.addIssue({ code: 'custom', path: [path], message: `${path} ${message}` });
  for (const i of credentialIssues(c)) issue(i.path, i.message);
  for (const i of notifyIssues(c)) issue(i.path, i.message);
  if (c.GOVFLOW_JWT_SECRET !== undefined)
    issue('GOVFLOW_JWT_SECRET', 'is no longer accepted: tokens are verified with the JWKS of GOVFLOW_OIDC_ISSUER');
  if (c.GOVFLOW_ENV !== 'production') return;
  for (const name of SECRETS) {
    const value = c[name];
    const problem = value === undefined ? undefined : secretProblem(value);
    if (problem) issue(name, `${problem} (GOVFLOW_ENV=production)`);
  }
}).transform(({ GOVFLOW_JWT_SECRET: _retired, ...c }) => ({
  ...c,
  /** Outside production the local issuer; in production only what was configured (the API refuses to start without). */
  GOVFLOW_OIDC_ISSUER:
    c.GOVFLOW_OIDC_ISSUER ?? (c.GOVFLOW_ENV === 'production' ? undefined : `http://127.0.0.1:${c.GOVFLOW_OIDC_PORT}`),
  GOVFLOW_CONSOLE_URL: c.GOVFLOW_CONSOLE_URL ?? `http://${apiHostForLinks(c.GOVFLOW_API_HOST)}:${c.GOVFLOW_API_PORT}/console/`,
}));

/** A host a browser can open: an API listening on every interface is reached on loopback. */
const apiHostForLinks = (host: string): string => (host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host);
export type Config = z.infer<typeof Config>;

/** Testing packs (`testing: true`) may be put in force only in development and test. */
export const allowsTestingPacks = (c: Pick<Config, 'GOVFLOW_ENV'>): boolean => c.GOVFLOW_ENV !== 'production';

/** Parses the environment; a bad value throws one readable error naming every bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = Config.safeParse(env);
  if (!parsed.success) {
    throw new Error(`invalid configuration:\n${z.prettifyError(parsed.error)}`);
  }
  return parsed.data;
}

/** For an entry point: the config, or every reason it is refused on stderr and exit code 2, before anything starts. */
export function loadConfigOrExit(opts: { needsIssuer?: boolean } = {}): Config {
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`);
    process.exit(2);
  }
  if (opts.needsIssuer && !config.GOVFLOW_OIDC_ISSUER) {
    process.stderr.write(
      "invalid configuration:\n✖ GOVFLOW_OIDC_ISSUER is required in production: the organisation's issuer\n",
    );
    process.exit(2);
  }
  return config;
}
