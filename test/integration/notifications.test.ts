import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadContactDirectory, type ContactDirectory } from '../../consumer/notifications/contacts.ts';
import { createEmailSender } from '../../consumer/notifications/email-sender.ts';
import { openDeliveryLedger, type DeliveryLedger } from '../../consumer/notifications/ledger.ts';
import { createNotifier, type Notifier } from '../../consumer/notifications/notifier.ts';
import { createWebhookSender } from '../../consumer/notifications/webhook-sender.ts';
import { waitUntil } from '../support/event-chains.ts';
import { testEventKeys } from '../support/test-keys.ts';
import { testKafka } from './helpers/kafka.ts';
import { startSmtpServer, type SmtpServer } from './helpers/smtp-server.ts';
import { uniqueName } from './helpers/temporal.ts';
import { startWebhookReceiver } from './helpers/webhook-receiver.ts';
import { openLifecycleEnv, recordHistory, systemEvents, testProposal, waitForState, type LifecycleEnv } from './lifecycle-helpers.ts';

const policies = fileURLToPath(new URL('../../policies/', import.meta.url));
const publicUrl = 'https://govflow.example.org';
const secrets = { ops: 'ops-target-secret-0123456789abcdef', chat: 'chat-target-secret-fedcba9876543210' };

let env: LifecycleEnv;
let smtp: SmtpServer;
let hooks: Awaited<ReturnType<typeof startWebhookReceiver>>;
let contacts: ContactDirectory;
let stateDir: string;
let ledger: DeliveryLedger;
const running: Notifier[] = [];

beforeAll(async () => {
  [env, smtp, hooks, contacts, stateDir] = await Promise.all([
    openLifecycleEnv('notify'),
    startSmtpServer(),
    startWebhookReceiver(secrets),
    loadContactDirectory(join(policies, 'accounts', 'contacts.yaml'), policies),
    mkdtemp(join(tmpdir(), 'govflow-notify-')),
  ]);
  ledger = openDeliveryLedger(join(stateDir, 'notifications.sqlite'));
});

afterAll(async () => {
  await Promise.all(running.map((n) => n.stop()));
  ledger?.close();
  await Promise.all([env?.close(), smtp?.stop(), hooks?.stop()]);
  if (stateDir) await rm(stateDir, { recursive: true, force: true });
});

/** A notifications consumer as the process runs it, on the real broker, SMTP server and webhook receiver. */
async function startNotifier(groupId: string, topic = env.topic): Promise<Notifier> {
  const email = createEmailSender({ smtp: { host: '127.0.0.1', port: smtp.port, tls: 'none', from: 'govflow <govflow@example.org>' }, contacts, publicUrl });
  const targets = Object.entries(secrets).map(([id, secret]) => ({ id, url: hooks.url(id), secret }));
  const notifier = createNotifier({
    kafka: testKafka, groupId, topic, trustedKeys: testEventKeys.trusted, ledger, contacts, email,
    webhooks: { sender: createWebhookSender({ targets, publicUrl }), targets: targets.map((t) => t.id) },
    maxAgeSeconds: 3600, maxAttempts: 6, pollMs: 200,
  });
  running.push(notifier);
  await notifier.start();
  return notifier;
}

async function stopNotifier(n: Notifier): Promise<void> {
  await n.stop();
  running.splice(running.indexOf(n), 1);
}

const byEvent = (mails: Awaited<ReturnType<SmtpServer['messages']>>, eventId: string) =>
  mails.filter((m) => m.headers['x-govflow-event'] === eventId).map((m) => m.rcptTos.join(',')).sort();

describe('notifications on the real broker, a real SMTP server and a webhook receiver', () => {
  it('a review opened, its reminder, its escalation and the approval reach each person and target once, across a restart and a full redelivery', async () => {
    const group = uniqueName('govflow-notify');
    let notifier = await startNotifier(group);
    hooks.fail('chat', true); // the chat target is down at first: its delivery waits in the ledger
    const p = testProposal('high', 'notify');
    await env.gov.startLifecycle(p, { actor: 'pat' });
    await waitForState(env.gov, p.systemId, (s) => s.stage === 'in_review', 90_000);
    await waitUntil(() => hooks.received().some((h) => h.target === 'chat' && h.status === 503), 'a refused chat webhook', 90_000);
    // Restart while a delivery is pending: the new process sends it once the target is back, not twice, not never.
    await stopNotifier(notifier);
    hooks.fail('chat', false);
    notifier = await startNotifier(group);
    await env.gov.castVote(p.systemId, { actor: 'alice', vote: 'approve', rationale: 'Reviewed the evidence.' });
    // The test pack reminds after 10 s and escalates after 20 s.
    await waitForState(env.gov, p.systemId, (s) => s.review?.escalated === true, 120_000);
    for (const voter of ['bob', 'carol']) await env.gov.castVote(p.systemId, { actor: voter, vote: 'approve', rationale: 'Conditions suffice.' });
    await waitForState(env.gov, p.systemId, (s) => s.stage === 'approved', 90_000);
    const events = await systemEvents(env.topic, p.systemId, 10, 90_000);
    const idOf = (type: string) => events.find((e) => e.type === `ai.governance.${type}.v1`)!.id;
    const [opened, reminder, escalated, approved] = ['review.opened', 'review.reminder_sent', 'review.escalated', 'system.approved'].map(idOf) as [string, string, string, string];

    const at = (id: string) => `${id}@example.org`;
    await waitUntil(() => ledger.deliveries({ status: 'pending' }).filter((d) => d.channel === 'email').length === 0 && ledger.deliveries({ eventId: approved }).length > 0, 'the emails', 90_000);
    let mails = await smtp.messages();
    expect(byEvent(mails, opened)).toEqual(['alice', 'bob', 'carol', 'chair-erin', 'dave'].map(at));
    expect(byEvent(mails, reminder)).toEqual(['bob', 'carol', 'chair-erin', 'dave'].map(at));
    expect(byEvent(mails, escalated)).toEqual([at('chair-erin')]);
    expect(byEvent(mails, approved)).toEqual([at('olga')]);

    // Each in the person's language, linking to the system's console page, with a Message-ID stable per event and person.
    const mail = (id: string, who: string) => mails.find((m) => m.headers['x-govflow-event'] === id && m.rcptTos[0] === at(who))!;
    expect(mail(opened, 'alice').headers.subject).toBe('Review opened: Test system (high)');
    expect(mail(opened, 'alice').headers.to).toBe('Alice <alice@example.org>');
    expect(mail(opened, 'carol').headers.subject).toBe('评审已开启：Test system (high)');
    expect(mail(escalated, 'chair-erin').headers.subject).toBe('已升级：Test system (high) 的评审已超过截止时间');
    expect(mail(escalated, 'chair-erin').text).toContain('(Asia/Shanghai)');
    expect(mail(approved, 'olga').text).toMatch(/Conditions: algorithm-filing \(File the algorithm with the regulator after approval\.\) — /);
    for (const m of mails) expect(m.text).toContain(`${publicUrl}/console/systems/${p.systemId}`);
    expect(mail(reminder, 'bob').headers['message-id']).toBe(`<${encodeURIComponent(reminder)}.bob@govflow.notifications>`);

    await waitUntil(() => hooks.accepted().filter((h) => [opened, reminder, escalated, approved].includes(h.eventId)).length >= 8, 'the webhooks', 90_000);

    // A full redelivery: a new consumer group reads the whole topic again into the same ledger.
    await stopNotifier(notifier);
    const all = (await systemEvents(env.topic, p.systemId, events.length, 90_000)).length;
    const again = await startNotifier(uniqueName('govflow-notify-redelivery'));
    const read = () => again.consumer.stats().delivered + again.consumer.stats().duplicates;
    await waitUntil(() => read() >= all, 'the redelivered events', 90_000);
    expect(again.consumer.stats().duplicates).toBe(all); // the ledger's chain cursors know every event already
    await again.drain();
    await stopNotifier(again);

    // Exactly once per event and person, per event and target, over everything this system caused.
    mails = (await smtp.messages()).filter((m) => m.text.includes(p.systemId));
    const mailKeys = mails.map((m) => `${m.headers['x-govflow-event']} ${m.rcptTos.join(',')}`);
    expect(new Set(mailKeys).size).toBe(mailKeys.length);
    expect(mailKeys.length).toBe(ledger.deliveries({ status: 'sent' }).filter((d) => d.channel === 'email' && d.notice.systemId === p.systemId).length);
    const accepted = hooks.accepted().filter((h) => (h.body.govflow as { systemId: string }).systemId === p.systemId);
    const hookKeys = accepted.map((h) => `${h.eventId} ${h.target}`);
    expect(new Set(hookKeys).size).toBe(hookKeys.length);
    for (const id of [opened, reminder, escalated, approved])
      expect(accepted.filter((h) => h.eventId === id).map((h) => h.target).sort()).toEqual(['chat', 'ops']);
    expect(hooks.received().every((h) => h.refusal === null)).toBe(true);

    // Slack- and Teams-shaped bodies, and the ledger saying how many attempts the chat target took.
    const hook = accepted.find((h) => h.eventId === escalated && h.target === 'ops')!;
    expect(hook.body).toMatchObject({ text: expect.stringContaining('Escalated'), '@type': 'MessageCard', blocks: expect.any(Array), sections: expect.any(Array) });
    expect(hook.deliveryId).toBe(`${escalated}/ops`);
    const chat = ledger.deliveries({ eventId: opened }).find((d) => d.recipient === 'chat')!;
    expect(chat).toMatchObject({ status: 'sent' });
    expect(chat.attempts).toBeGreaterThan(1);
  }, 420_000); // generous for a loaded machine: the suite is never timed, only its outcomes are checked

  it('a condition coming due, and an incident and its regulator deadline, reach the people concerned once by email and each webhook target once', async () => {
    // The test pack with a lead time: its algorithm-filing condition (due 20 s after approval) is announced at 10 s.
    const dir = await mkdtemp(join(tmpdir(), 'govflow-notify-due-'));
    await cp(policies, dir, { recursive: true });
    const file = join(dir, 'test.yaml');
    const pack = (await readFile(file, 'utf8')).replace('    reReviewInterval: PT30S\n', '    reReviewInterval: PT2H\n    conditionDueSoon: PT10S\n');
    await writeFile(file, pack);
    const due = await openLifecycleEnv('notify-due', { policyDir: dir });
    try {
      const notifier = await startNotifier(uniqueName('govflow-notify-due'), due.topic);
      const p = testProposal('high', 'notify-due');
      await due.gov.startLifecycle(p, { actor: 'pat' });
      await waitForState(due.gov, p.systemId, (s) => s.stage === 'in_review', 90_000);
      for (const voter of ['alice', 'bob', 'carol']) await due.gov.castVote(p.systemId, { actor: voter, vote: 'approve', rationale: 'Conditions suffice.' });
      const approved = await waitForState(due.gov, p.systemId, (s) => s.stage === 'approved', 90_000);
      const dueAt = approved.conditions.find((c) => c.id === 'algorithm-filing')!.dueAt!;
      // Deployed, with a minor incident (no suspension): the test pack's regulator deadline for it is 15 s.
      await due.gov.satisfyCondition(p.systemId, { actor: 'olga', conditionId: 'bias-audit', evidence: 'Audit report 42.' });
      await due.gov.recordDeployment(p.systemId, { actor: 'olga', environment: 'prod', version: '1.0.0' });
      await due.gov.reportIncident(p.systemId, { actor: 'olga', severity: 'minor', description: 'Wrong answers shown to a user.', affectedPeople: 1, causalLinkAt: new Date().toISOString() });
      const late = await waitForState(due.gov, p.systemId, (s) =>
        s.conditions.some((c) => c.id === 'algorithm-filing' && c.status === 'overdue') && s.incidents[0]?.dueAnnounced === true, 90_000);
      const events = await systemEvents(due.topic, p.systemId, late.sequence, 90_000);
      const soon = events.find((e) => e.type === 'ai.governance.condition.due_soon.v1')!;
      const overdue = events.find((e) => e.type === 'ai.governance.condition.overdue.v1')!;
      const [reported, deadline] = ['incident.reported', 'incident.report_due'].map((t) => events.find((e) => e.type === `ai.governance.${t}.v1`)!.id) as [string, string];
      const last = events.at(-1)!;
      expect(soon.data).toEqual({ conditionId: 'algorithm-filing', dueAt, notified: ['olga', 'pat'] });
      expect(Date.parse(soon.time)).toBeLessThan(Date.parse(dueAt));
      expect(soon.sequence).toBeLessThan(overdue.sequence);

      await waitUntil(() => ledger.deliveries({ eventId: last.id }).length > 0 && ledger.deliveries({ status: 'pending' }).length === 0, 'the deliveries', 90_000);
      await notifier.drain();
      const mails = await smtp.messages();
      expect(byEvent(mails, soon.id)).toEqual(['olga@example.org', 'pat@example.org']);
      const mail = mails.find((m) => m.headers['x-govflow-event'] === soon.id && m.rcptTos[0] === 'pat@example.org')!;
      expect(mail.headers.subject).toBe('Coming due: a condition of Test system (high)');
      expect(mail.text).toContain(`${publicUrl}/console/systems/${p.systemId}`);
      // The incident: the owner (here also its reporter) and the chair, when reported and when its deadline arrives.
      expect(byEvent(mails, reported)).toEqual(['chair-erin@example.org', 'olga@example.org']);
      expect(byEvent(mails, deadline)).toEqual(['chair-erin@example.org', 'olga@example.org']);
      expect(mails.find((m) => m.headers['x-govflow-event'] === deadline && m.rcptTos[0] === 'olga@example.org')!.headers.subject)
        .toBe('Regulator report due now: Test system (high)');
      for (const id of [soon.id, reported, deadline])
        expect(hooks.accepted().filter((h) => h.eventId === id).map((h) => h.target).sort()).toEqual(['chat', 'ops']);
      await stopNotifier(notifier);
      await recordHistory(due.client, p.systemId, 'condition-due-soon');
    } finally {
      await due.close();
      await rm(dir, { recursive: true, force: true });
    }
  }, 300_000);
});
