import { z } from 'zod';

/** govflow's configuration: one schema over the environment, parsed once per entry point. */
export const Config = z.object({
  GOVFLOW_TEMPORAL_ADDRESS: z.string().default('127.0.0.1:7233'),
  GOVFLOW_TEMPORAL_NAMESPACE: z.string().default('default'),
  GOVFLOW_TEMPORAL_UI_URL: z.string().default('http://127.0.0.1:8233'),
  GOVFLOW_TASK_QUEUE: z.string().default('ai-governance'),
  GOVFLOW_KAFKA_BROKERS: z
    .string()
    .default('127.0.0.1:9092')
    .transform((s) => s.split(',').map((b) => b.trim()).filter(Boolean)),
  GOVFLOW_KAFKA_CLIENT_ID: z.string().default('govflow'),
  GOVFLOW_TOPIC: z.string().default('ai-governance.lifecycle.v1'),
  GOVFLOW_DEAD_LETTER_TOPIC: z.string().default('ai-governance.lifecycle.v1.dlq'),
  /** Signed checkpoints of each system's head, published on every stage change (verifiers without Temporal). */
  GOVFLOW_CHECKPOINT_TOPIC: z.string().default('ai-governance.lifecycle.v1.checkpoints'),
  GOVFLOW_TOPIC_PARTITIONS: z.coerce.number().int().min(1).default(6),
  GOVFLOW_TOPIC_REPLICATION: z.coerce.number().int().min(1).default(1),
  GOVFLOW_POLICY_DIR: z.string().default('policies'),
  GOVFLOW_POLICY_PACK: z.string().default('ai-governance-code-2026'),
  GOVFLOW_API_HOST: z.string().default('127.0.0.1'),
  GOVFLOW_API_PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  GOVFLOW_JWT_SECRET: z.string().min(16).default('govflow-local-development-secret'),
  GOVFLOW_JWT_ISSUER: z.string().default('govflow-local'),
  GOVFLOW_JWKS_URL: z.string().url().optional(),
  /** Workflows kept in the worker's cache; an evicted one is replayed from its (short) history on its next task. */
  GOVFLOW_WORKER_MAX_CACHED_WORKFLOWS: z.coerce.number().int().min(0).default(300),
  /** Local state (the same folder the stack scripts use); the prebuilt workflow bundles live in it. */
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
});
export type Config = z.infer<typeof Config>;

/** Parses the environment; a bad value throws one readable error naming every bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = Config.safeParse(env);
  if (!parsed.success) {
    throw new Error(`invalid configuration:\n${z.prettifyError(parsed.error)}`);
  }
  return parsed.data;
}
