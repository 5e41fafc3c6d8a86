import { describe, expect, it } from 'vitest';
import { exportTrail, verifyTrail } from '../../../client/audit.ts';
import { trailRow } from '../../../events/trail-row.ts';
import { renderAuditReport } from '../../../cli/commands/audit.ts';
import { voteChain } from '../../support/event-chains.ts';
import { testEventKeys } from '../../support/test-keys.ts';

describe('exporting an audit trail', () => {
  const chain = voteChain('loan-triage', 3);

  it('says who did what, when, why and under which policy version', () => {
    expect(trailRow(chain[0]!)).toEqual({
      sequence: 1,
      id: 'loan-triage:1',
      when: '2026-01-01T00:00:01.000Z',
      who: 'member-1',
      what: 'review.vote_cast',
      why: 'reason 1',
      policyVersion: 'test-pack@1.0.0+000000000000',
      hash: chain[0]!.hash,
      prevhash: '',
    });
  });

  it('writes CSV with a header and one row per distinct event, in sequence order', () => {
    const csv = exportTrail([chain[2]!, chain[0]!, chain[1]!, chain[0]!], 'csv').trim().split('\n');
    expect(csv[0]).toBe('sequence,id,when,who,what,why,policyVersion,hash,prevhash');
    expect(csv.slice(1).map((l) => l.split(',')[0])).toEqual(['1', '2', '3']);
  });

  it('writes JSON rows that carry the full events, so the export can be verified again', () => {
    const rows = JSON.parse(exportTrail(chain, 'json')) as { event: unknown }[];
    expect(rows.map((r) => r.event)).toEqual(chain);
  });
});

describe('the audit verdict text', () => {
  const chain = voteChain('loan-triage', 3);

  it('is one line for an intact chain', () => {
    expect(renderAuditReport(verifyTrail('loan-triage', { events: chain, unreadable: [] }, { keys: testEventKeys.trusted }))).toBe(
      'loan-triage: chain intact and signed, 3 events',
    );
  });

  it('lists every problem for a broken chain', () => {
    const report = verifyTrail('loan-triage', {
      events: [chain[0]!, chain[2]!],
      unreadable: [{ partition: 0, offset: '7', reason: 'not JSON' }],
    }, { keys: testEventKeys.trusted });
    const text = renderAuditReport(report);
    expect(report.ok).toBe(false);
    expect(text).toContain('chain BROKEN, 2 signed events, 0 quarantined, 2 problems');
    expect(text).toMatch(/2\s+gap\s+missing sequence 2/);
    expect(text).toContain('partition 0 offset 7: not JSON');
  });

  it('reports a record of another system under this key as wrong_subject, not as an ordering problem', () => {
    const stray = voteChain('other-system', 1)[0]!;
    const report = verifyTrail('loan-triage', { events: [...chain, stray], unreadable: [] }, { keys: testEventKeys.trusted });
    expect(report.problems).toEqual([expect.objectContaining({ kind: 'wrong_subject', sequence: 1 })]);
    expect(report.events).toBe(3);
  });
});
