import { describe, expect, it } from 'vitest';
import { DecisionEvent, DecisionRecord, decisionEventOf } from '../../../events/decision-record.ts';
import { toFieldIssues } from '../../../domain/errors.ts';

const digest = `sha256:${'a'.repeat(64)}`;
const record = {
  systemId: 'credit-scoring', modelVersion: '3.2.0', decisionId: 'loan-1', decidedAt: '2026-06-01T10:00:00.000Z',
  inputDigest: digest, output: 'decline', confidence: 0.91, review: { reviewed: true, overridden: true, by: 'rahul-k' },
};

const fieldsOf = (raw: unknown): string[] => {
  const r = DecisionRecord.safeParse(raw);
  return r.success ? [] : toFieldIssues(r.error.issues).map((i) => i.path);
};

describe('the decision record', () => {
  it('accepts a full record and fills an absent review as not reviewed', () => {
    expect(DecisionRecord.parse(record)).toMatchObject({ review: { overridden: true } });
    const bare: Record<string, unknown> = { ...record };
    delete bare.review;
    expect(DecisionRecord.parse(bare).review).toEqual({ reviewed: false, overridden: false });
  });

  it.each([
    ['a raw input instead of a digest', { inputDigest: 'Jane Doe, 1980-02-01' }, ['inputDigest']],
    ['raw personal data as an extra field', { applicant: { name: 'Jane' } }, ['applicant']],
    ['a confidence above 1', { confidence: 1.2 }, ['confidence']],
    ['an override nobody reviewed', { review: { reviewed: false, overridden: true } }, ['review.reviewed']],
    ['a review without a reviewer', { review: { reviewed: true, overridden: false } }, ['review.by']],
    ['a bad system id and time', { systemId: 'X', decidedAt: 'yesterday' }, ['systemId', 'decidedAt']],
  ])('refuses %s, naming the field', (_what, change, fields) => {
    expect(fieldsOf({ ...record, ...change })).toEqual(fields);
  });

  it('wraps a record in a CloudEvents envelope that its schema accepts, and refuses a mismatched one', () => {
    const e = decisionEventOf(DecisionRecord.parse(record), 'credit-service');
    expect(DecisionEvent.parse(e)).toMatchObject({ id: 'credit-scoring:loan-1', subject: 'credit-scoring', type: 'ai.governance.decision.recorded.v1' });
    const r = DecisionEvent.safeParse({ ...e, subject: 'other-system' });
    expect(r.success ? [] : r.error.issues.map((i) => i.path.join('.'))).toEqual(['subject']);
  });
});
