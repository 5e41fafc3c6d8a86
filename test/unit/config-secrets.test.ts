import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/config.ts';

const strong = 'x'.repeat(16) + 'y'.repeat(16);
const sasl = { GOVFLOW_KAFKA_SASL_MECHANISM: 'scram-sha-256', GOVFLOW_KAFKA_SASL_USERNAME: 'govflow-worker' };

describe('configuration of identity and server credentials', () => {
  it('is production unless told otherwise, with the local issuer only outside production', () => {
    expect(loadConfig({}).GOVFLOW_ENV).toBe('production');
    expect(loadConfig({}).GOVFLOW_OIDC_ISSUER).toBeUndefined();
    expect(loadConfig({ GOVFLOW_ENV: 'test', GOVFLOW_OIDC_PORT: '24090' }).GOVFLOW_OIDC_ISSUER).toBe(
      'http://127.0.0.1:24090',
    );
    expect(loadConfig({}).GOVFLOW_TOKEN_MAX_LIFETIME).toBe(12 * 3600);
    expect(loadConfig({ GOVFLOW_TOKEN_MAX_LIFETIME: '30m' }).GOVFLOW_TOKEN_MAX_LIFETIME).toBe(1800);
  });

  it('accepts short secrets in development only, and a long unpublished one in production', () => {
    const weak = { ...sasl, GOVFLOW_KAFKA_SASL_PASSWORD: 'devpass' };
    expect(loadConfig({ GOVFLOW_ENV: 'development', ...weak }).GOVFLOW_KAFKA_SASL_PASSWORD).toBe('devpass');
    expect(() => loadConfig(weak)).toThrow(/GOVFLOW_KAFKA_SASL_PASSWORD[\s\S]*7 bytes/);
    expect(loadConfig({ ...sasl, GOVFLOW_KAFKA_SASL_PASSWORD: strong }).GOVFLOW_KAFKA_SASL_PASSWORD).toBe(strong);
  });

  it('never accepts the retired shared token secret', () => {
    expect(() => loadConfig({ GOVFLOW_ENV: 'development', GOVFLOW_JWT_SECRET: strong })).toThrow(/GOVFLOW_JWT_SECRET/);
  });

  it('names each inconsistent credential setting', () => {
    expect(() => loadConfig({ GOVFLOW_TEMPORAL_TLS_CERT: 'client.pem' })).toThrow(/GOVFLOW_TEMPORAL_TLS_KEY/);
    expect(() => loadConfig({ GOVFLOW_KAFKA_SASL_MECHANISM: 'plain' })).toThrow(
      /GOVFLOW_KAFKA_SASL_USERNAME[\s\S]*GOVFLOW_KAFKA_SASL_PASSWORD[\s\S]*GOVFLOW_KAFKA_TLS/,
    );
    expect(() => loadConfig({ GOVFLOW_KAFKA_SASL_PASSWORD: strong })).toThrow(/GOVFLOW_KAFKA_SASL_MECHANISM/);
    expect(() => loadConfig({ GOVFLOW_OIDC_GROUP_ROLES: 'no-equals-sign' })).toThrow(/group=role/);
    expect(
      loadConfig({ GOVFLOW_OIDC_GROUP_ROLES: 'ai-board=committee_member, ml-ops=deployer' }).GOVFLOW_OIDC_GROUP_ROLES,
    ).toEqual({
      'ai-board': 'committee_member',
      'ml-ops': 'deployer',
    });
  });
});
