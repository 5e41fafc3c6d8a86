import { z } from 'zod';

/** A yes/no environment variable: `true`/`1`/`yes` or `false`/`0`/`no`. */
export const Flag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .default('false')
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

/**
 * How govflow reaches Temporal: TLS (server CA, optional client certificate for mTLS) and/or an API key. The worker and
 * the API are the only principals the namespace should admit (README, "Production").
 */
export const TemporalCredentials = {
  GOVFLOW_TEMPORAL_TLS: Flag,
  /** PEM file of the CA that signed the server's certificate; the system's CAs when unset. */
  GOVFLOW_TEMPORAL_TLS_CA: z.string().min(1).optional(),
  /** PEM files of this process's client certificate and key, for mTLS: both or neither. */
  GOVFLOW_TEMPORAL_TLS_CERT: z.string().min(1).optional(),
  GOVFLOW_TEMPORAL_TLS_KEY: z.string().min(1).optional(),
  GOVFLOW_TEMPORAL_TLS_SERVER_NAME: z.string().min(1).optional(),
  GOVFLOW_TEMPORAL_API_KEY: z.string().min(1).optional(),
};

/** How govflow reaches Kafka: TLS (CA, optional client certificate) and SASL (PLAIN only over TLS, or SCRAM). */
export const KafkaCredentials = {
  GOVFLOW_KAFKA_TLS: Flag,
  GOVFLOW_KAFKA_TLS_CA: z.string().min(1).optional(),
  GOVFLOW_KAFKA_TLS_CERT: z.string().min(1).optional(),
  GOVFLOW_KAFKA_TLS_KEY: z.string().min(1).optional(),
  GOVFLOW_KAFKA_SASL_MECHANISM: z.enum(['plain', 'scram-sha-256', 'scram-sha-512']).optional(),
  GOVFLOW_KAFKA_SASL_USERNAME: z.string().min(1).optional(),
  GOVFLOW_KAFKA_SASL_PASSWORD: z.string().min(1).optional(),
};

type Issue = { path: string; message: string };
type Creds = { [K in keyof typeof TemporalCredentials | keyof typeof KafkaCredentials]?: unknown };

/** Combinations the schema cannot express field by field: half a client certificate, SASL without a user, PLAIN in clear. */
export function credentialIssues(c: Creds): Issue[] {
  const issues: Issue[] = [];
  const pair = (cert: keyof Creds, key: keyof Creds) => {
    if (!c[cert] !== !c[key])
      issues.push({
        path: c[cert] ? key : cert,
        message: `must be set together with ${c[cert] ? cert : key} (mTLS needs both)`,
      });
  };
  pair('GOVFLOW_TEMPORAL_TLS_CERT', 'GOVFLOW_TEMPORAL_TLS_KEY');
  pair('GOVFLOW_KAFKA_TLS_CERT', 'GOVFLOW_KAFKA_TLS_KEY');
  if (c.GOVFLOW_KAFKA_SASL_MECHANISM) {
    for (const f of ['GOVFLOW_KAFKA_SASL_USERNAME', 'GOVFLOW_KAFKA_SASL_PASSWORD'] as const)
      if (!c[f]) issues.push({ path: f, message: 'is required with GOVFLOW_KAFKA_SASL_MECHANISM' });
    if (c.GOVFLOW_KAFKA_SASL_MECHANISM === 'plain' && !c.GOVFLOW_KAFKA_TLS)
      issues.push({
        path: 'GOVFLOW_KAFKA_TLS',
        message: 'must be true with SASL PLAIN, which sends the password in clear',
      });
  } else if (c.GOVFLOW_KAFKA_SASL_USERNAME || c.GOVFLOW_KAFKA_SASL_PASSWORD) {
    issues.push({
      path: 'GOVFLOW_KAFKA_SASL_MECHANISM',
      message: 'is required when a SASL username or password is set',
    });
  }
  return issues;
}
