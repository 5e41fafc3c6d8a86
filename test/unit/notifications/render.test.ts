import { describe, expect, it } from 'vitest';
import { wordings } from '../../../consumer/notifications/messages.ts';
import { NoticeKind, type Notice } from '../../../consumer/notifications/notice.ts';
import { formatInstant, renderEmail, renderWebhook } from '../../../consumer/notifications/render.ts';

const notice: Notice = {
  eventId: 'credit-scoring:6', kind: 'review_opened', systemId: 'credit-scoring', systemName: 'Credit scoring',
  recipients: ['alice', 'carol'], dueAt: '2026-12-02T10:00:00.000Z', round: 1, urgent: false, conditions: [], incident: null,
  path: '/console/systems/credit-scoring',
};
const publicUrl = 'https://govflow.example.org/';

describe('messages in the reader language', () => {
  it('writes English with the deadline in UTC and the console link', () => {
    const m = renderEmail(notice, { name: 'Alice', locale: 'en' }, publicUrl);
    expect(m.subject).toBe('Review opened: Credit scoring');
    expect(m.text).toContain('Hello Alice,');
    expect(m.text).toContain('your vote is expected');
    expect(m.text).toContain('Due: Dec 2, 2026, 10:00:00 AM (UTC)');
    expect(m.text).toContain('https://govflow.example.org/console/systems/credit-scoring');
    expect(m.text).not.toMatch(/[\u4e00-\u9fff]/);
  });

  it('writes Simplified Chinese with the deadline in the reader time zone', () => {
    const m = renderEmail(notice, { name: 'Carol', locale: 'zh-CN', timeZone: 'Asia/Shanghai' }, publicUrl);
    expect(m.subject).toBe('评审已开启：Credit scoring');
    expect(m.text).toContain('Carol，您好：');
    expect(m.text).toContain('需要您投票');
    expect(m.text).toContain('截止时间: 2026年12月2日 18:00:00 (Asia/Shanghai)');
    expect(m.text).toContain('https://govflow.example.org/console/systems/credit-scoring');
  });

  it('has every kind worded in both languages, each naming the system', () => {
    for (const kind of NoticeKind.options)
      for (const locale of ['en', 'zh-CN'] as const) {
        const w = wordings[kind][locale];
        expect(w.subject, `${kind} ${locale}`).toContain('{system}');
        expect(w.lead.length).toBeGreaterThan(5);
        expect(w.action.length).toBeGreaterThan(3);
      }
  });

  it('formats an instant in the named zone', () => {
    expect(formatInstant('2026-01-01T00:00:00.000Z', 'en', 'Asia/Shanghai')).toBe('Jan 1, 2026, 8:00:00 AM (Asia/Shanghai)');
  });
});

describe('webhook body', () => {
  it('has text for any receiver, Slack blocks, a Teams MessageCard and the machine-readable facts', () => {
    const body = renderWebhook({ ...notice, kind: 'review_escalated', urgent: true }, publicUrl);
    expect(body.text).toMatch(/^\*Escalated: the review of Credit scoring missed its deadline\*\n/);
    expect(body.text).toContain('<https://govflow.example.org/console/systems/credit-scoring|Open in the govflow console>');
    expect(body.blocks).toEqual([
      { type: 'header', text: { type: 'plain_text', text: 'Escalated: the review of Credit scoring missed its deadline' } },
      expect.objectContaining({ type: 'section' }),
      { type: 'actions', elements: [{ type: 'button', text: { type: 'plain_text', text: 'Open in the govflow console' }, url: 'https://govflow.example.org/console/systems/credit-scoring' }] },
    ]);
    expect(body).toMatchObject({ '@type': 'MessageCard', '@context': 'https://schema.org/extensions', themeColor: 'D13438', summary: expect.any(String) });
    expect((body.sections as { facts: unknown[] }[])[0]?.facts).toContainEqual({ name: 'Round', value: '1' });
    expect(body.govflow).toEqual({ eventId: 'credit-scoring:6', kind: 'review_escalated', systemId: 'credit-scoring', recipients: ['alice', 'carol'], dueAt: notice.dueAt, url: 'https://govflow.example.org/console/systems/credit-scoring' });
  });

  it('escapes the proposer text where Slack would read a mention or a link, and keeps a subject on one line', () => {
    const hostile = { ...notice, systemName: 'Bot <!channel> <https://evil.example|click>\nBcc: x@example.org' };
    const body = renderWebhook(hostile, publicUrl);
    expect(body.text).toContain('Bot &lt;!channel&gt; &lt;https://evil.example|click&gt;');
    expect(body.text).not.toContain('<!channel>');
    expect(renderEmail(hostile, { name: 'Alice', locale: 'en' }, publicUrl).subject).not.toMatch(/\n/);
  });
});
