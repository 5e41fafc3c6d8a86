import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { MIN_NODE, NODE_RELEASES, atLeast } from '../../scripts/runtime.mjs';

const read = (path: string): string => readFileSync(fileURLToPath(new URL(`../../${path}`, import.meta.url)), 'utf8');
const major = (version: string): string => version.replace(/^v/, '').split('.')[0]!;

describe(`the runtime: Node ${process.version}, ABI ${process.versions.modules}`, () => {
  it('is a supported Node, and the one the set-up chose for this run', () => {
    expect(atLeast(process.version, MIN_NODE)).toBe(true);
    // npm test names the Node it picked for each run; a worker on any other Node means a child escaped the choice.
    expect(process.version).toBe(process.env.GOVFLOW_EXPECT_NODE ?? process.version);
  });

  it('loads the better-sqlite3 native module and runs SQL on it', () => {
    const db = new Database(':memory:');
    db.exec('create table t (n integer)');
    db.prepare('insert into t (n) values (?), (?)').run(20, 22);
    expect(db.prepare('select sum(n) as total, sqlite_version() as v from t').get()).toEqual({
      total: 42,
      v: expect.stringMatching(/^3\./),
    });
    db.close();
  });

  it("loads the Temporal core bridge (the worker's own copy) and calls into it", () => {
    const worker = createRequire(import.meta.url).resolve('@temporalio/worker');
    const bridge = createRequire(worker)('@temporalio/core-bridge') as { native: { getTimeOfDay(): bigint } };
    const nowMs = Number(bridge.native.getTimeOfDay() / 1_000_000n);
    expect(Math.abs(nowMs - Date.now())).toBeLessThan(60_000);
  });

  it('names the same supported lines in package.json, .nvmrc and the Dockerfile', () => {
    const pkg = JSON.parse(read('package.json')) as { engines: { node: string } };
    expect(pkg.engines.node).toBe(`>=${MIN_NODE}`);
    expect(read('.nvmrc').trim()).toBe(major(NODE_RELEASES.suite));
    expect(read('Dockerfile')).toContain(`FROM node:${major(NODE_RELEASES.suite)}-`);
    expect(atLeast(NODE_RELEASES.smoke, MIN_NODE) && major(NODE_RELEASES.smoke) !== major(NODE_RELEASES.suite)).toBe(
      true,
    );
  });

  it('compares versions numerically, not as text', () => {
    expect(atLeast('v22.12.0', '22.12.0')).toBe(true);
    expect(atLeast('v22.9.0', '22.12.0')).toBe(false);
    expect(atLeast('v24.0.0', '22.12.0')).toBe(true);
    expect(atLeast('v20.20.2', '22.12.0')).toBe(false);
  });
});
