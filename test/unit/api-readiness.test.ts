import type { Connection } from '@temporalio/client';
import type { Admin } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { createReadiness } from '../../api/readiness.ts';

const temporal = (check: () => Promise<unknown>) => ({ healthService: { check } }) as unknown as Connection;
const kafka = (describeCluster: () => Promise<unknown>) => ({ describeCluster }) as unknown as Admin;
const never = () => new Promise<never>(() => {});

describe('readiness probes', () => {
  it('reports each dependency that answers', async () => {
    const ready = createReadiness({ temporal: temporal(async () => ({})), kafkaAdmin: kafka(async () => ({})) });
    await expect(ready()).resolves.toEqual({ temporal: true, kafka: true });
  });

  it('reports a failing dependency as unreachable without failing the other', async () => {
    const ready = createReadiness({
      temporal: temporal(async () => ({})),
      kafkaAdmin: kafka(() => Promise.reject(new Error('broker down'))),
    });
    await expect(ready()).resolves.toEqual({ temporal: true, kafka: false });
  });

  it('gives up on a dependency that hangs, within the timeout', async () => {
    const ready = createReadiness({ temporal: temporal(never), kafkaAdmin: kafka(async () => ({})), timeoutMs: 50 });
    const started = Date.now();
    await expect(ready()).resolves.toEqual({ temporal: false, kafka: true });
    expect(Date.now() - started).toBeLessThan(1000);
  });
});
