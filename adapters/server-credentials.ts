import { readFileSync } from 'node:fs';
import type { ConnectionOptions } from 'node:tls';
import type { TLSConfig } from '@temporalio/client';
import type { SASLOptions } from 'kafkajs';
import type { Config } from '../config/config.ts';

type TemporalConfig = Pick<
  Config,
  | 'GOVFLOW_TEMPORAL_ADDRESS'
  | 'GOVFLOW_TEMPORAL_TLS'
  | 'GOVFLOW_TEMPORAL_TLS_CA'
  | 'GOVFLOW_TEMPORAL_TLS_CERT'
  | 'GOVFLOW_TEMPORAL_TLS_KEY'
  | 'GOVFLOW_TEMPORAL_TLS_SERVER_NAME'
  | 'GOVFLOW_TEMPORAL_API_KEY'
>;
type KafkaConfig = Pick<
  Config,
  | 'GOVFLOW_KAFKA_TLS'
  | 'GOVFLOW_KAFKA_TLS_CA'
  | 'GOVFLOW_KAFKA_TLS_CERT'
  | 'GOVFLOW_KAFKA_TLS_KEY'
  | 'GOVFLOW_KAFKA_SASL_MECHANISM'
  | 'GOVFLOW_KAFKA_SASL_USERNAME'
  | 'GOVFLOW_KAFKA_SASL_PASSWORD'
>;

/** Reads a PEM file named by a config variable; an unreadable one is an error naming the variable. */
function pem(variable: string, path: string | undefined): Buffer | undefined {
  if (path === undefined) return undefined;
  try {
    return readFileSync(path);
  } catch (err) {
    throw new Error(`${variable}: cannot read ${path} (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
}

/** Options for `Connection.connect` / `NativeConnection.connect`: the address, TLS or mTLS, and the API key. */
export function temporalConnectOptions(config: TemporalConfig): { address: string; tls?: TLSConfig; apiKey?: string } {
  const ca = pem('GOVFLOW_TEMPORAL_TLS_CA', config.GOVFLOW_TEMPORAL_TLS_CA);
  const crt = pem('GOVFLOW_TEMPORAL_TLS_CERT', config.GOVFLOW_TEMPORAL_TLS_CERT);
  const key = pem('GOVFLOW_TEMPORAL_TLS_KEY', config.GOVFLOW_TEMPORAL_TLS_KEY);
  const apiKey = config.GOVFLOW_TEMPORAL_API_KEY;
  // An API key is a bearer credential: it never travels without TLS.
  const useTls = config.GOVFLOW_TEMPORAL_TLS || !!ca || !!crt || !!apiKey;
  const tls: TLSConfig = {
    ...(ca ? { serverRootCACertificate: ca } : {}),
    ...(crt && key ? { clientCertPair: { crt, key } } : {}),
    ...(config.GOVFLOW_TEMPORAL_TLS_SERVER_NAME ? { serverNameOverride: config.GOVFLOW_TEMPORAL_TLS_SERVER_NAME } : {}),
  };
  return { address: config.GOVFLOW_TEMPORAL_ADDRESS, ...(useTls ? { tls } : {}), ...(apiKey ? { apiKey } : {}) };
}

/** kafkajs' `ssl` and `sasl` options from config: TLS with an optional client certificate, SASL PLAIN or SCRAM. */
export function kafkaSecurity(config: KafkaConfig): { ssl?: ConnectionOptions | true; sasl?: SASLOptions } {
  const ca = pem('GOVFLOW_KAFKA_TLS_CA', config.GOVFLOW_KAFKA_TLS_CA);
  const cert = pem('GOVFLOW_KAFKA_TLS_CERT', config.GOVFLOW_KAFKA_TLS_CERT);
  const key = pem('GOVFLOW_KAFKA_TLS_KEY', config.GOVFLOW_KAFKA_TLS_KEY);
  const useTls = config.GOVFLOW_KAFKA_TLS || !!ca || !!cert;
  const ssl: ConnectionOptions | true =
    ca || cert ? { ...(ca ? { ca } : {}), ...(cert && key ? { cert, key } : {}) } : true;
  const mechanism = config.GOVFLOW_KAFKA_SASL_MECHANISM;
  const username = config.GOVFLOW_KAFKA_SASL_USERNAME ?? '';
  const password = config.GOVFLOW_KAFKA_SASL_PASSWORD ?? '';
  return {
    ...(useTls ? { ssl } : {}),
    ...(mechanism ? { sasl: { mechanism, username, password } as SASLOptions } : {}),
  };
}
