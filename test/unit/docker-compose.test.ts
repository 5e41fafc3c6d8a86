import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

interface Service {
  image?: string;
  build?: unknown;
  command?: string[];
  environment?: Record<string, string | number>;
  ports?: string[];
  depends_on?: Record<string, { condition: string }> | string[];
  deploy?: { replicas?: number };
  volumes?: string[];
  restart?: string;
}

const compose = parse(readFileSync(fileURLToPath(new URL('../../docker-compose.yml', import.meta.url)), 'utf8'), { merge: true }) as {
  services: Record<string, Service>;
  volumes: Record<string, unknown>;
};
const services = compose.services;
const service = (name: string): Service => {
  const s = services[name];
  if (!s) throw new Error(`docker-compose.yml has no service ${name}`);
  return s;
};
const hostPort = (address: string) => address.split(':');

describe('docker-compose.yml', () => {
  it('has Temporal on PostgreSQL, the Temporal UI, Kafka, the API and the workers', () => {
    expect(Object.keys(services)).toEqual(
      expect.arrayContaining(['postgresql', 'temporal', 'temporal-ui', 'kafka', 'api', 'worker']),
    );
    expect(service('temporal').environment?.DB).toMatch(/^postgres/);
    expect(service('temporal').environment?.POSTGRES_SEEDS).toBe('postgresql');
  });

  it('publishes every port on 127.0.0.1 only', () => {
    const ports = Object.values(services).flatMap((s) => s.ports ?? []);
    expect(ports.length).toBeGreaterThan(0);
    for (const p of ports) expect(p).toMatch(/^127\.0\.0\.1:\d+:\d+$/);
  });

  it.each(['api', 'worker'])('points %s at the temporal and kafka services by name', (name) => {
    const env = service(name).environment ?? {};
    const [temporalHost, temporalPort] = hostPort(String(env.GOVFLOW_TEMPORAL_ADDRESS));
    expect(services[temporalHost ?? '']).toBeDefined();
    expect(temporalPort).toBe('7233');
    const [kafkaHost, kafkaPort] = hostPort(String(env.GOVFLOW_KAFKA_BROKERS));
    expect(services[kafkaHost ?? '']).toBeDefined();
    expect(String(service('kafka').environment?.KAFKA_ADVERTISED_LISTENERS)).toContain(`${kafkaHost}:${kafkaPort}`);
    expect(env.GOVFLOW_TOPIC).toBe('ai-governance.lifecycle.v1');
  });

  it('has no public secret to fall back on: the API needs the organisation issuer, and runs as production', () => {
    const values = Object.values(services).flatMap((s) => Object.entries(s.environment ?? {}));
    expect(values.filter(([k]) => /SECRET|JWT/.test(k))).toEqual([]);
    expect(String(service('api').environment?.GOVFLOW_OIDC_ISSUER)).toMatch(/^\$\{GOVFLOW_OIDC_ISSUER:\?.+\}$/);
    expect(service('api').environment?.GOVFLOW_ENV).toBe('production');
  });

  it('runs the worker from the project image, scaled by replicas', () => {
    const worker = service('worker');
    expect(worker.build).toBeDefined();
    expect(worker.command?.join(' ')).toContain('worker/main.ts');
    expect(worker.deploy?.replicas).toBeGreaterThanOrEqual(2);
    expect(service('api').command?.join(' ')).toContain('api/main.ts');
  });

  it('runs Kafka in KRaft mode with single-broker internal topics', () => {
    const env = service('kafka').environment ?? {};
    expect(env.KAFKA_PROCESS_ROLES).toBe('broker,controller');
    expect(Number(env.KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR)).toBe(1);
    expect(Number(env.KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR)).toBe(1);
  });

  it('registers the four search attributes govflow lists by', () => {
    const command = JSON.stringify(service('temporal-search-attributes').command);
    for (const attr of ['GovStage', 'GovTier', 'GovSector', 'GovOwner']) expect(command).toContain(attr);
  });

  it('gives the API and the workers the key files, made once by a one-shot service running the project\'s own script', () => {
    const keys = service('keys');
    expect(keys.build).toBeDefined();
    expect(keys.command?.join(' ')).toContain('scripts/ensure-keys.ts');
    expect(keys.restart).toBe('no');
    const volumeOf = (s: Service) => (s.volumes ?? []).find((v) => v.startsWith('govflow-keys:'));
    expect(volumeOf(keys)).toBe('govflow-keys:/keys');
    expect(compose.volumes).toHaveProperty('govflow-keys');
    for (const name of ['api', 'worker', 'keys']) {
      const env = service(name).environment ?? {};
      expect(String(env.GOVFLOW_EVENT_KEY_FILE)).toMatch(/^\/keys\//);
      expect(String(env.GOVFLOW_COMMAND_KEY_FILE)).toMatch(/^\/keys\//);
    }
    expect(volumeOf(service('api'))).toBe('govflow-keys:/keys');
    expect(volumeOf(service('worker'))).toBe('govflow-keys:/keys:ro');
    for (const name of ['api', 'worker']) {
      expect(service(name).depends_on).toMatchObject({ keys: { condition: 'service_completed_successfully' } });
    }
  });

  it('names only services and volumes it defines', () => {
    for (const [name, s] of Object.entries(services)) {
      const deps = Array.isArray(s.depends_on) ? s.depends_on : Object.keys(s.depends_on ?? {});
      for (const d of deps) expect(services[d], `${name} depends on ${d}`).toBeDefined();
      for (const v of s.volumes ?? []) {
        const source = v.split(':')[0]!;
        if (!source.startsWith('.') && !source.startsWith('/')) expect(compose.volumes, `${name} mounts ${source}`).toHaveProperty(source);
      }
    }
  });
});
