import { z } from 'zod';
import type { NoticeKind } from './notice.ts';

/** The languages notifications are written in: English and Simplified Chinese. */
export const Locale = z.enum(['en', 'zh-CN']);
export type Locale = z.infer<typeof Locale>;

/** The words of one kind of notice in one language; `{system}` is the system's name. */
interface Wording {
  readonly subject: string;
  readonly lead: string;
  readonly action: string;
}

/** Every notice in both languages: what happened (subject, lead) and what the reader is asked to do. */
export const wordings: Record<NoticeKind, Record<Locale, Wording>> = {
  review_opened: {
    en: { subject: 'Review opened: {system}', lead: 'A committee review of {system} has opened and your vote is expected.', action: 'Read the proposal and vote before the deadline.' },
    'zh-CN': { subject: '评审已开启：{system}', lead: '{system} 的伦理委员会评审已开启，需要您投票。', action: '请在截止时间前阅读提案并投票。' },
  },
  review_reminder: {
    en: { subject: 'Reminder: your vote on {system}', lead: 'The review of {system} is still waiting for your vote.', action: 'Vote before the deadline.' },
    'zh-CN': { subject: '提醒：请对 {system} 投票', lead: '{system} 的评审仍在等待您的投票。', action: '请在截止时间前投票。' },
  },
  review_escalated: {
    en: { subject: 'Escalated: the review of {system} missed its deadline', lead: 'The review of {system} passed its deadline without a decision and is escalated to you as chair.', action: 'Follow up with the members who have not voted.' },
    'zh-CN': { subject: '已升级：{system} 的评审已超过截止时间', lead: '{system} 的评审在截止时间前未作出决定，已升级给您（主席）。', action: '请跟进尚未投票的委员。' },
  },
  condition_due: {
    en: { subject: 'Conditions of approval due: {system}', lead: '{system} was approved with conditions that fall due on a date.', action: 'Record the evidence for each condition before it is due.' },
    'zh-CN': { subject: '批准条件即将到期：{system}', lead: '{system} 已获批准，附带有到期日期的条件。', action: '请在到期前为每项条件提交证据。' },
  },
  condition_due_soon: {
    en: { subject: 'Coming due: a condition of {system}', lead: 'A condition of the approval of {system} falls due soon and is not met yet.', action: 'Record the evidence before the due date.' },
    'zh-CN': { subject: '即将到期：{system} 的批准条件', lead: '{system} 的一项批准条件即将到期，目前尚未满足。', action: '请在到期日前提交证据。' },
  },
  condition_overdue: {
    en: { subject: 'Overdue: a condition of {system}', lead: 'A condition of the approval of {system} passed its due date unmet.', action: 'Record the evidence now; the policy pack may escalate or suspend.' },
    'zh-CN': { subject: '已逾期：{system} 的批准条件', lead: '{system} 的一项批准条件已过到期日仍未满足。', action: '请立即提交证据；政策包可能升级处理或暂停该系统。' },
  },
  incident_reported: {
    en: { subject: 'Incident reported: {system}', lead: 'An incident was reported for {system}; a report to the regulator is due.', action: 'Prepare the regulator report before its deadline.' },
    'zh-CN': { subject: '已报告事件：{system}', lead: '{system} 报告了一起事件，须向监管机构提交报告。', action: '请在截止时间前准备监管报告。' },
  },
  incident_report_due: {
    en: { subject: 'Regulator report due now: {system}', lead: 'The regulator reporting deadline of an incident of {system} has arrived.', action: 'File the report with the regulator today.' },
    'zh-CN': { subject: '监管报告现已到期：{system}', lead: '{system} 一起事件的监管报告截止时间已到。', action: '请于今日向监管机构提交报告。' },
  },
  transparency_due: {
    en: { subject: 'Transparency report due: {system}', lead: 'A transparency report for {system} is due.', action: 'File the report with its training-data summary before the due date.' },
    'zh-CN': { subject: '透明度报告即将到期：{system}', lead: '{system} 的透明度报告即将到期。', action: '请在到期前提交附训练数据摘要的报告。' },
  },
  transparency_overdue: {
    en: { subject: 'Overdue: the transparency report of {system}', lead: 'The transparency report of {system} passed its due date unfiled.', action: 'File it now; suspension follows after the grace period.' },
    'zh-CN': { subject: '已逾期：{system} 的透明度报告', lead: '{system} 的透明度报告已过到期日仍未提交。', action: '请立即提交；宽限期后系统将被暂停。' },
  },
};

/** Labels of the facts lines, per language. */
export const labels: Record<Locale, Record<'greeting' | 'due' | 'round' | 'urgent' | 'conditions' | 'incident' | 'open' | 'footer', string>> = {
  en: {
    greeting: 'Hello {name},',
    due: 'Due',
    round: 'Round',
    urgent: 'Urgent',
    conditions: 'Conditions',
    incident: 'Incident',
    open: 'Open in the govflow console',
    footer: 'You receive this because of your part in this system\'s governance. Event {event}.',
  },
  'zh-CN': {
    greeting: '{name}，您好：',
    due: '截止时间',
    round: '评审轮次',
    urgent: '紧急',
    conditions: '条件',
    incident: '事件',
    open: '在 govflow 控制台中打开',
    footer: '您收到此邮件是因为您参与该系统的治理。事件 {event}。',
  },
};

/** Fills `{name}` placeholders. */
export const fill = (template: string, values: Record<string, string>): string =>
  template.replace(/\{(\w+)\}/g, (whole, key: string) => values[key] ?? whole);
