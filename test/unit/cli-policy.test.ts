import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadPackRef } from '../../adapters/pack-versions.ts';
import { loadRoster } from '../../adapters/policy-files.ts';
import type { DomainError } from '../../domain/errors.ts';
import { policyImpactReport, type FleetSource } from '../../client/policy-impact.ts';
import { applyTable, impactTable } from '../../cli/policy-views.ts';
import { Harness, proposal } from './lifecycle/fixtures.ts';

const policyDir = fileURLToPath(new URL('../../policies/', import.meta.url));
const loadPack = (ref: string) => loadPackRef(policyDir, ref, true);
const v1 = await loadPack('fleet-test');
const roster = await loadRoster(join(policyDir, 'rosters'), v1.roster);

/** An approved system under fleet-test 1.0.0, through the real decider. */
function approvedState(systemId: string, users: number) {
  const h = new Harness({ pack: v1, roster }, proposal({ systemId, affected: { monthlyUsers: users, minors: false, vulnerableGroups: false } }));
  h.state = { ...h.state, policyPack: 'fleet-test' };
  h.vote('alice', 'approve');
  return h.state;
}

const source = (name: FleetSource['name'], states: () => Promise<ReturnType<typeof approvedState>[]>): FleetSource => ({ name, liveStates: states });

describe('policy impact over a fleet source', () => {
  const fleet = [approvedState('small-audience', 100), approvedState('large-audience', 50_000)];

  it('lists only the systems the version changes, with the table a person reads', async () => {
    const report = await policyImpactReport({ loadPack, sources: [source('read_side', async () => fleet)] }, { pack: 'fleet-test', version: '2.0.0' });
    expect([report.assessed, report.unchanged, report.systems.map((s) => s.systemId)]).toEqual([2, 1, ['large-audience']]);
    const text = impactTable(report);
    expect(text).toContain('2 live system(s) under fleet-test re-assessed (from the read side); 1 change, 1 unchanged');
    expect(text).toMatch(/large-audience\s+approved\s+minimal -> limited\s+test-committee\s+user-notice\s+-\s+yes/);
    expect(text).toContain('rule large-audience now fires: Reaches 10,000 people or more a month.');
  });

  it('falls back to the next source when one cannot be read, and says which answered', async () => {
    const failed: string[] = [];
    const report = await policyImpactReport(
      {
        loadPack,
        sources: [source('read_side', () => Promise.reject(new Error('database unreachable'))), source('workflows', async () => fleet)],
        onSourceFailed: (name) => failed.push(name),
      },
      { pack: 'fleet-test', version: '2.0.0' },
    );
    expect([report.source, failed, report.systems.length]).toEqual(['workflows', ['read_side'], 1]);
  });

  it('refuses a version that does not exist before reading any system', async () => {
    let read = false;
    const e = await policyImpactReport({ loadPack, sources: [source('read_side', async () => ((read = true), fleet))] }, { pack: 'fleet-test', version: '7.0.0' }).catch((x: unknown) => x);
    expect([(e as DomainError).code, read]).toEqual(['NOT_FOUND', false]);
  });

  it('renders what applying did, one line per system', () => {
    const text = applyTable({
      pack: 'fleet-test', version: '2.0.0', policyVersion: 'fleet-test@2.0.0+0123456789ab',
      results: [
        { systemId: 'large-audience', outcome: 'applied', events: ['ai.governance.policy.version_applied.v1', 'ai.governance.review.re_review_due.v1'], reReview: true, detail: null },
        { systemId: 'in-review', outcome: 'skipped', events: [], reReview: false, detail: 'a review is open' },
      ],
    });
    expect(text).toContain('applied to 1 of 2 system(s) it changes');
    expect(text).toMatch(/large-audience\s+applied\s+opened\s+policy\.version_applied, review\.re_review_due/);
    expect(text).toMatch(/in-review\s+skipped\s+no\s+a review is open/);
  });
});
