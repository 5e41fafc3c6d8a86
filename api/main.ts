import { serve } from '@hono/node-server';
import { Client, Connection } from '@temporalio/client';
import { pino } from 'pino';
import { createKafka, ensureTopic } from '../adapters/kafka.ts';
import { openReadDb } from '../adapters/read-db/open-read-db.ts';
import { createProjectionConsumer } from '../consumer/read-side/projection-consumer.ts';
import { openReadSide } from '../consumer/read-side/read-side.ts';
import { stopWhenParentExits } from '../adapters/parent-process.ts';
import { kafkaSecurity, temporalConnectOptions } from '../adapters/server-credentials.ts';
import { loadPackInForce, loadPackSelection } from '../adapters/policy-files.ts';
import { loadKeyFile, loadVerifierKeys } from '../adapters/signing-keys.ts';
import { createEdgeCommandKey, rollCommandKeys } from '../client/command-key-roll.ts';
import { readSystemEvents } from '../client/audit.ts';
import { createGovernanceClient } from '../client/governance-client.ts';
import { createScreeningCatalogue } from '../client/screening-catalogue.ts';
import { createAssessmentPreview } from '../client/assessment-preview.ts';
import { loadPackRef } from '../adapters/pack-versions.ts';
import { workflowFleet } from '../client/live-systems.ts';
import { readSideFleet } from './policy-fleet.ts';
import { allowsTestingPacks, loadConfigOrExit } from '../config/config.ts';
import { createApp } from './app.ts';
import { createOidcAuthenticator } from './auth.ts';
import { createReadiness } from './readiness.ts';
import { createApiMetrics, createProjectionMetrics, createRegistry } from '../adapters/metrics/registry.ts';
import { scrapeAccess } from '../adapters/metrics/scrape-access.ts';
import { clientTracingInterceptors } from '../adapters/temporal-tracing.ts';
import { tracingFromConfig } from '../adapters/tracing.ts';
import { countOpenByStage } from '../client/fleet-counts.ts';
import { openDecisionDeps } from './decision-deps.ts';
import { startDecisionChecking } from './decision-checking.ts';
import { startKafkaFeed } from '../adapters/event-feed.ts';
import { API_RESOURCE } from '../client/oidc-client.ts';
import { join } from 'node:path';

/** The API process: config, Temporal and Kafka connections, the app, and a graceful stop on SIGINT/SIGTERM. */
const config = loadConfigOrExit({ needsIssuer: true });
const issuer = config.GOVFLOW_OIDC_ISSUER!;
const logger = pino({ level: config.GOVFLOW_LOG_LEVEL, base: { service: 'govflow-api' } });
// A selection file that does not parse stops the API at start, naming each bad field, rather than at a proposal.
const packSelection = config.GOVFLOW_POLICY_SELECTION ? await loadPackSelection(config.GOVFLOW_POLICY_SELECTION) : undefined;
// Off unless OTEL_TRACES_EXPORTER names an exporter: then every request, and the Temporal calls it makes, is traced.
const tracing = tracingFromConfig(config, 'govflow-api');
const connection = await Connection.connect(temporalConnectOptions(config));
const interceptors = clientTracingInterceptors(tracing);
const client = new Client({ connection, namespace: config.GOVFLOW_TEMPORAL_NAMESPACE, ...(interceptors ? { interceptors } : {}) });
const registry = createRegistry();
const kafka = createKafka({
  brokers: config.GOVFLOW_KAFKA_BROKERS,
  clientId: `${config.GOVFLOW_KAFKA_CLIENT_ID}-api`,
  logLevel: config.GOVFLOW_KAFKA_LOG_LEVEL,
  ...kafkaSecurity(config),
});
const kafkaAdmin = kafka.admin();
const eventKeys = await loadVerifierKeys({ trustedFile: config.GOVFLOW_TRUSTED_EVENT_KEYS, keyFile: config.GOVFLOW_EVENT_KEY_FILE });
await kafkaAdmin.connect();

// The read side runs in this process: it folds the topic into the read database the routes read (SQLite in the state
// folder, or the PostgreSQL that several instances share, each folding its share of the partitions).
const readSide = await openReadSide(await openReadDb({ url: config.GOVFLOW_READ_DB_URL, stateDir: config.GOVFLOW_STATE_DIR }));
// The topic may not exist yet when the API starts before any worker: create it as the worker would.
await ensureTopic(kafkaAdmin, {
  topic: config.GOVFLOW_TOPIC,
  partitions: config.GOVFLOW_TOPIC_PARTITIONS,
  replication: config.GOVFLOW_TOPIC_REPLICATION,
});
const projectionMetrics = createProjectionMetrics(registry);
const projection = createProjectionConsumer({
  kafka,
  db: readSide.db,
  topic: config.GOVFLOW_TOPIC,
  deadLetterTopic: config.GOVFLOW_DEAD_LETTER_TOPIC,
  trustedKeys: eventKeys.trusted,
  onChainProblem: (p) => logger.warn({ problem: p }, `read side: chain ${p.kind} at ${p.systemId}:${p.sequence}: ${p.detail}`),
  onCommitted: (outcome) => {
    readSide.notify();
    if (outcome.kind === 'folded') projectionMetrics.applied(outcome.event);
  },
});
await projection.start();
logger.info({ readSide: readSide.db.description }, 'read side folding the topic');
// Logged decisions are kept in the same database too.
const decisions = await openDecisionDeps(config, kafka, readSide.db);

// The API authenticates the person, then signs the command it sends for them with its own key; a roll changes it over.
const edgeKey = createEdgeCommandKey(await loadKeyFile(config.GOVFLOW_COMMAND_KEY_FILE));
const governance = createGovernanceClient({
  client,
  taskQueue: config.GOVFLOW_TASK_QUEUE,
  defaultPolicyPack: config.GOVFLOW_POLICY_PACK,
  ...(packSelection ? { packSelection } : {}),
  checkPolicyPack: (name) => loadPackInForce(config.GOVFLOW_POLICY_DIR, name, allowsTestingPacks(config)),
  commandSigner: edgeKey,
});
// The checking consumer runs here, where the read side's state and the signing governance client already are.
const decisionChecking = await startDecisionChecking({ config, kafka, readSide, governance, store: decisions.store, logger });
const feed = await startKafkaFeed({ kafka, topic: config.GOVFLOW_TOPIC, clientId: config.GOVFLOW_KAFKA_CLIENT_ID });

const app = createApp({
  readSide,
  governance,
  rollCommandKeys: (req) =>
    rollCommandKeys({ governance, edge: edgeKey, loadNext: () => loadKeyFile(config.GOVFLOW_COMMAND_KEY_FILE) }, req),
  history: (systemId) => readSystemEvents({ kafka, topic: config.GOVFLOW_TOPIC, systemId }),
  eventKeys,
  // Attestations are signed by the engine's event key, so a pipeline verifies them with the same exported JWKS.
  attestations: await (async () => {
    const engine = await loadKeyFile(config.GOVFLOW_EVENT_KEY_FILE);
    return { signer: engine.signer, trusted: eventKeys.trusted };
  })(),
  auth: createOidcAuthenticator({
    issuer,
    audience: config.GOVFLOW_OIDC_AUDIENCE,
    maxLifetimeSeconds: config.GOVFLOW_TOKEN_MAX_LIFETIME,
    rolesClaim: config.GOVFLOW_OIDC_ROLES_CLAIM,
    ...(config.GOVFLOW_OIDC_GROUP_ROLES ? { groupRoles: config.GOVFLOW_OIDC_GROUP_ROLES } : {}),
  }),
  readiness: createReadiness({ temporal: connection, kafkaAdmin }),
  // The indicators' facts are folded by the same projection, in the transactions that write the rest of the read side.
  indicatorFacts: readSide.indicatorFacts,
  policyImpact: {
    loadPack: (ref) => loadPackRef(config.GOVFLOW_POLICY_DIR, ref, allowsTestingPacks(config)),
    sources: [readSideFleet(readSide), workflowFleet(client, config.GOVFLOW_TASK_QUEUE, governance)],
    onSourceFailed: (source, err) => logger.warn({ err, source }, 'policy impact: live systems unreadable here, trying the next source'),
  },
  screening: createScreeningCatalogue({
    ...(packSelection ? { packSelection } : {}),
    defaultPolicyPack: config.GOVFLOW_POLICY_PACK,
    loadPack: (name) => loadPackInForce(config.GOVFLOW_POLICY_DIR, name, allowsTestingPacks(config)),
  }),
  previewAssessment: createAssessmentPreview({
    ...(packSelection ? { packSelection } : {}),
    defaultPolicyPack: config.GOVFLOW_POLICY_PACK,
    loadPack: (name) => loadPackInForce(config.GOVFLOW_POLICY_DIR, name, allowsTestingPacks(config)),
  }),
  feed,
  console: {
    dir: join(config.GOVFLOW_STATE_DIR, 'console'),
    issuer,
    clientId: config.GOVFLOW_CONSOLE_CLIENT_ID,
    // The local issuer names the API by a resource indicator; an organisation's issuer sets the audience itself.
    ...(config.GOVFLOW_ENV === 'production' ? {} : { resource: API_RESOURCE }),
  },
  log: (msg, err) => logger.error({ err }, msg),
  accessLog: logger,
  authFailureLimit: { failures: config.GOVFLOW_AUTH_FAILURE_LIMIT, windowSeconds: config.GOVFLOW_AUTH_FAILURE_WINDOW },
  metrics: { api: createApiMetrics(registry, () => countOpenByStage(client)), registry, access: scrapeAccess(config) },
  ...(tracing ? { tracer: tracing.tracer } : {}),
  decisions: decisions.deps,
});

const server = serve({ fetch: app.fetch, hostname: config.GOVFLOW_API_HOST, port: config.GOVFLOW_API_PORT }, (info) => {
  const base = `http://${config.GOVFLOW_API_HOST}:${info.port}`;
  logger.info(
    { issuer, env: config.GOVFLOW_ENV },
    `govflow API listening on ${base} (OpenAPI ${base}/openapi.json, docs ${base}/docs, console ${base}/console/)`,
  );
});

let stopping = false;
async function stop(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  process.stdout.write(`${signal}: stopping the API\n`);
  // Stop accepting connections and let requests in flight finish, then close what they used.
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await decisionChecking.stop().catch(() => undefined);
  await projection.stop().catch(() => undefined);
  await decisions.close();
  await readSide.close().catch(() => undefined);
  await feed.close().catch(() => undefined);
  await kafkaAdmin.disconnect().catch(() => undefined);
  await connection.close().catch(() => undefined);
  await tracing?.shutdown().catch(() => undefined);
  process.stdout.write('API stopped\n');
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void stop(signal));
stopWhenParentExits(() => void stop('supervisor gone'));
