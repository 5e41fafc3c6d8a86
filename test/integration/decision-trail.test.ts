import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDecisionLogger } from '../../client/decision-logger.ts';
import { periodOf } from '../../domain/decisions/check-decision.ts';
import { DLQ_HEADERS } from '../../consumer/governance-consumer.ts';
import { createCreditService, type Application } from '../../examples/decision-service/credit-decisions.ts';
import { readTopic, testKafka } from './helpers/kafka.ts';
import { waitForState } from './lifecycle-helpers.ts';
import { CHECKER, deployedSystem, eventually, lifecycleEventsOf, openDecisionTrailEnv, readSide, type DecisionTrailEnv } from './decision-trail-env.ts';

let t: DecisionTrailEnv;
const loggers: { close(): Promise<void> }[] = [];
beforeAll(async () => {
  t = await openDecisionTrailEnv('decisions');
});
afterAll(async () => {
  await Promise.all(loggers.map((l) => l.close()));
  await t?.close();
});

const serviceFor = (systemId: string, version: string) => {
  const logger = createDecisionLogger({ kafka: testKafka, systemId, version, topic: t.decisionsTopic, service: 'credit-service' });
  loggers.push(logger);
  return createCreditService(logger);
};
const applicant = (n: number): Application => ({ applicantId: `app-${n}`, name: `Applicant ${n}`, income: 50_000, debts: n % 2 ? 10_000 : 30_000 });
const month = () => periodOf(new Date().toISOString());

describe('the decision trail on the real broker', () => {
  it('stores what a deployed system logs through the helper, checks it, and finds nothing wrong with the approved version', async () => {
    const systemId = await deployedSystem(t, 'trail-ok');
    const service = serviceFor(systemId, '1.0.0');
    for (let i = 0; i < 5; i++) await service.decide(applicant(i), i === 0 ? { by: 'olga', override: false } : undefined);
    const counts = await eventually(() => t.store.counts(systemId, month()), (c) => c.decisions === 5, 'five stored decisions');
    expect(counts).toEqual({ decisions: 5, reviewed: 1, overridden: 0, peopleAffected: 5 });
    expect(await t.store.findings(systemId)).toEqual([]);
    const exported = [];
    for await (const r of t.store.export(systemId, '2000-01-01T00:00:00.000Z', '2100-01-01T00:00:00.000Z')) exported.push(r);
    // Only digests left the service: no name, no income.
    expect(JSON.stringify(exported)).not.toContain('Applicant');
    expect(exported.map((r) => r.inputDigest)).toHaveLength(5);
  });

  it('makes a decision by an unapproved version a violation event in the lifecycle, once', async () => {
    const systemId = await deployedSystem(t, 'trail-version');
    const service = serviceFor(systemId, '9.9.9');
    for (let i = 0; i < 3; i++) await service.decide(applicant(i));
    const [v] = await lifecycleEventsOf(t, systemId, 'decision.violation_detected');
    expect(v?.data).toMatchObject({ kind: 'unapproved_version', modelVersion: '9.9.9', approvedVersion: '1.0.0', runningVersion: '1.0.0', stage: 'deployed', detectedBy: CHECKER });
    expect(v?.actor).toBe(CHECKER);
    expect(v?.commandjws).toBeDefined();
    await eventually(() => t.store.counts(systemId, month()), (c) => c.decisions === 3, 'three stored decisions');
    expect((await t.store.findings(systemId)).map((f) => [f.kind, f.outcome])).toEqual([['unapproved_version', 'recorded']]);
  });

  it('makes a decision after suspension a violation event', async () => {
    const systemId = await deployedSystem(t, 'trail-suspended');
    await t.env.gov.reportIncident(systemId, { actor: 'olga', severity: 'serious', description: 'Wrong declines.', affectedPeople: 4, causalLinkAt: new Date().toISOString() });
    // Wait for the suspension, not the stage: the urgent review the incident opens may already show as in_review.
    await readSide(t, systemId, (s) => s.suspension !== null);
    await serviceFor(systemId, '1.0.0').decide(applicant(1));
    const [v] = await lifecycleEventsOf(t, systemId, 'decision.violation_detected');
    expect(v?.data).toMatchObject({ kind: 'system_suspended', modelVersion: '1.0.0' });
    // Suspended, and under the urgent review the serious incident opened (or about to be).
    expect(['suspended', 'in_review']).toContain((v?.data as { stage: string }).stage);
  });

  it("makes a re-review due when the month's override rate passes the pack's threshold, with the figures in the event", async () => {
    const systemId = await deployedSystem(t, 'trail-override');
    const service = serviceFor(systemId, '1.0.0');
    // The test pack: more than 15% overridden over at least 10 decisions. 3 of 12 is 25%.
    for (let i = 0; i < 12; i++) await service.decide(applicant(i), { by: 'olga', override: i < 3 });
    const crossed = await lifecycleEventsOf(t, systemId, 'decision.oversight_threshold_crossed');
    // Judged from the 10th decision on, once: the batch that reached it may have carried the 11th and 12th too.
    expect(crossed).toHaveLength(1);
    const { figures, breaches, ...rest } = crossed[0]!.data as { figures: { decisions: number; overrideRate: number }; breaches: unknown[] };
    expect(figures.decisions).toBeGreaterThanOrEqual(10);
    const rate = Math.round((3 / figures.decisions) * 10_000) / 10_000;
    expect(figures).toMatchObject({ reviewed: figures.decisions, overridden: 3, reviewedShare: 1, overrideRate: rate, trend: 'first_period' });
    expect(breaches).toEqual([{ rule: 'override_rate', limit: 0.15, actual: rate }]);
    expect(rest).toMatchObject({ period: month(), reReviewDue: true, detectedBy: CHECKER });
    const [due] = await lifecycleEventsOf(t, systemId, 'review.re_review_due');
    expect(due?.data).toMatchObject({ purpose: 're_review', ref: `oversight-${month()}` });
    await waitForState(t.env.gov, systemId, (s) => s.review?.purpose === 're_review');
  });

  it('dead-letters malformed records with the reason and loses nothing else of the batch', async () => {
    const systemId = await deployedSystem(t, 'trail-dlq');
    const producer = testKafka.producer();
    await producer.connect();
    const good = (id: string) => JSON.stringify({
      specversion: '1.0', id: `${systemId}:${id}`, source: '/govflow/decisions/raw', type: 'ai.governance.decision.recorded.v1', subject: systemId,
      time: new Date().toISOString(), datacontenttype: 'application/json',
      data: { systemId, modelVersion: '1.0.0', decisionId: id, decidedAt: new Date().toISOString(), inputDigest: `sha256:${'b'.repeat(64)}`, output: 'approve' },
    });
    const withRawData = good('raw-1').replace('"output":"approve"', '"output":"approve","applicantName":"Jane Doe"');
    await producer.send({
      topic: t.decisionsTopic,
      messages: [{ key: systemId, value: good('ok-1') }, { key: systemId, value: 'not json' }, { key: systemId, value: withRawData }, { key: systemId, value: good('ok-2') }, { key: 'nowhere-system', value: good('ok-3').replaceAll(systemId, 'nowhere-system') }],
    });
    await producer.disconnect();
    const dead = await readTopic(`${t.decisionsTopic}.dlq`, (ms) => ms.length >= 3);
    const reasons = dead.map((m) => m.headers[DLQ_HEADERS.reason] ?? '');
    expect(reasons.some((r) => r.startsWith('not JSON'))).toBe(true);
    expect(reasons.some((r) => r.includes('data.applicantName: unknown field'))).toBe(true);
    expect(reasons.some((r) => r.includes('unknown system: the registry has no system nowhere-system'))).toBe(true);
    const counts = await eventually(() => t.store.counts(systemId, month()), (c) => c.decisions === 2, 'the two good records');
    expect(counts.decisions).toBe(2);
  });
});
