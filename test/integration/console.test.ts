import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve, type ServerType } from '@hono/node-server';
import { Connection } from '@temporalio/client';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKafkaFeed, type EventFeed } from '../../adapters/event-feed.ts';
import { loadPackInForce } from '../../adapters/policy-files.ts';
import { openSqliteReadDb } from '../../adapters/read-db/sqlite.ts';
import { createAssessmentPreview } from '../../client/assessment-preview.ts';
import { createScreeningCatalogue } from '../../client/screening-catalogue.ts';
import { createApp } from '../../api/app.ts';
import { createReadiness } from '../../api/readiness.ts';
import { readSystemEvents } from '../../client/audit.ts';
import { API_RESOURCE, CONSOLE_CLIENT_ID } from '../../client/oidc-client.ts';
import { en } from '../../console/src/messages-en.ts';
import { zhCN } from '../../console/src/messages-zh.ts';
import { ensureConsole } from '../../scripts/build-console.mjs';
import { testEventKeys } from '../support/test-keys.ts';
import { axeViolations, launchBrowser, personContext, screenshots, signIn } from './helpers/console-browser.ts';
import { issuerAuthenticator, issuerUrl, tokenFor } from './helpers/issuer.ts';
import { testKafka } from './helpers/kafka.ts';
import { testConfig } from './helpers/temporal.ts';
import { openLifecycleEnv, waitForState, type LifecycleEnv } from './lifecycle-helpers.ts';
import { startReadSide, type RunningReadSide } from './helpers/read-side.ts';

// One API process (in this test process, on GOVFLOW_API_PORT: the console's registered sign-in address), one worker,
// one browser; each person is a browser context of their own.
const base = `http://127.0.0.1:${testConfig.GOVFLOW_API_PORT}`;
let reads: RunningReadSide;
let env: LifecycleEnv;
let feed: EventFeed;
let server: ServerType;
let browser: Browser;
let closeAll: () => Promise<void>;
const contexts: BrowserContext[] = [];

/**
 * The shipped packs and rosters with the test pack's second-scale review clock slowed down: a walk through five
 * browsers takes longer than its 20 s deadline and 30 s re-review, which would reopen review under the deployment.
 */
function slowTestPack(): string {
  const dir = join(testConfig.GOVFLOW_STATE_DIR, 'test-output', 'console-policies');
  mkdirSync(dir, { recursive: true });
  cpSync(fileURLToPath(new URL('../../policies/', import.meta.url)), dir, { recursive: true });
  const file = join(dir, 'test.yaml');
  const pack = readFileSync(file, 'utf8')
    .replace(/reviewDeadline: PT20S/g, 'reviewDeadline: PT30M')
    .replace(/reminders: \[PT10S\]/g, 'reminders: [PT20M]')
    .replace(/reReviewInterval: PT30S/g, 'reReviewInterval: PT2H')
    .replace(/dueBefore: PT20S/g, 'dueBefore: PT2H');
  writeFileSync(file, `${pack}\n${SCREENING}`);
  return dir;
}

/** Screening questions for the console's copy of the test pack (the shared one asks none): one prohibits. */
const SCREENING = `screening:
  questions:
    - id: social-scoring
      topic: prohibited_practice
      question: Does the system score people by their social behaviour to grant or deny them treatment?
      help: Any trust or behaviour score about people that rations services or opportunities.
      source: Test pack, prohibited uses
      ifYes: { prohibited: true, reason: Scoring social behaviour is not permitted. }
    - id: talks-to-people
      topic: interaction
      question: Does the system talk with people directly, in writing or by voice?
      help: Chat assistants, voice agents and anything a person may mistake for a human.
      source: Test pack, transparency duties
      ifYes: { minTier: limited, reason: People must be told they are talking with a machine. }
`;


beforeAll(async () => {
  const build = await ensureConsole();
  const policyDir = slowTestPack();
  env = await openLifecycleEnv('console', { policyDir });
  feed = await startKafkaFeed({ kafka: testKafka, topic: env.topic, clientId: 'govflow-test-console' });
  const temporal = await Connection.connect({ address: testConfig.GOVFLOW_TEMPORAL_ADDRESS });
  const kafkaAdmin = testKafka.admin();
  await kafkaAdmin.connect();
  const db = openSqliteReadDb(join(mkdtempSync(join(tmpdir(), 'govflow-console-')), 'read-side.sqlite'));
  reads = await startReadSide(env.topic, { db });
  const loadPack = (name: string) => loadPackInForce(policyDir, name, true);
  const app = createApp({
    readSide: reads.readSide,
    governance: env.gov,
    history: (systemId) => readSystemEvents({ kafka: testKafka, topic: env.topic, systemId }),
    eventKeys: testEventKeys,
    attestations: { signer: testEventKeys.signer, trusted: testEventKeys.trusted },
    auth: issuerAuthenticator(),
    readiness: createReadiness({ temporal, kafkaAdmin }),
    console: { dir: build.dir, issuer: issuerUrl, clientId: CONSOLE_CLIENT_ID, resource: API_RESOURCE },
    feed,
    screening: createScreeningCatalogue({ defaultPolicyPack: 'test', loadPack }),
    previewAssessment: createAssessmentPreview({ defaultPolicyPack: 'test', loadPack }),
    indicatorFacts: (q) => reads.readSide.indicatorFacts(q),
  });
  server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: testConfig.GOVFLOW_API_PORT });
  browser = await launchBrowser();
  closeAll = async () => {
    await reads.close();
    await Promise.all(contexts.map((c) => c.close()));
    await browser.close();
    await new Promise((r) => server.close(r));
    await feed.close();
    await kafkaAdmin.disconnect();
    await temporal.close();
    await env.close();
  };
});
afterAll(async () => {
  await closeAll?.();
});

async function person(account: string, hash: string, opts: { locale?: string; phone?: boolean } = {}): Promise<Page> {
  const context = await personContext(browser, opts);
  contexts.push(context);
  return signIn(context, base, account, hash);
}

async function expectAccessible(page: Page, what: string): Promise<void> {
  expect(await axeViolations(page), `axe on ${what}`).toEqual([]);
}

/** Chooses, writes the rationale and confirms, with the keyboard only: Space picks, Tab moves, Enter submits. */
async function voteByKeyboard(page: Page, rationale: string): Promise<void> {
  await page.locator('#vote-approve').focus();
  await page.keyboard.press('Space');
  await page.keyboard.press('Tab');
  await page.keyboard.type(rationale);
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await expect.poll(() => page.evaluate(() => (globalThis as unknown as { document: { activeElement: { id: string } | null } }).document.activeElement?.id)).toBe('confirm-title');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await page.locator('article .page-notice').waitFor();
}

/** Opens the confirmation of a vote on a second page of the same person (a second device), leaving it there. */
async function pendingConfirmation(context: BrowserContext, systemId: string): Promise<Page> {
  const page = await signIn(context, base, '', `#/systems/${systemId}`);
  await page.locator('#vote-approve').check();
  await page.locator('#vote-rationale').fill('Second device.');
  await page.locator('form.decide button[type="submit"]').click();
  await page.locator('.confirm').waitFor();
  return page;
}

async function fillProposal(page: Page, systemId: string): Promise<void> {
  const fill = (field: string, value: string) => page.locator(`#proposal-${field}`).fill(value);
  await fill('systemId', systemId);
  await fill('name', 'Retail credit scoring (console)');
  await fill('ownerTeam', 'Consumer lending');
  await fill('owner', 'olga');
  await page.locator('#proposal-sector').selectOption('finance');
  await fill('purpose', 'Scores retail credit applications.');
  await fill('deploymentContext', 'Branch and online applications.');
  await fill('affected-monthlyUsers', '20000');
  await page.locator('#proposal-model-type').selectOption('classifier');
  await fill('model-version', '1.0.0');
  await page.locator('#proposal-oversight-autonomy').selectOption('human_in_the_loop');
  await fill('oversight-canOverride', 'olga');
  await fill('oversight-canStop', 'olga');
}

/** The dashboard's figures equal GET /v1/indicators with the same filters (asked again until the read side settles). */
async function expectDashboardMatchesApi(page: Page, query: string): Promise<void> {
  const token = await tokenFor('ann');
  const figures = ['systems.total', 'decisions.count', 'decisions.approved', 'reviews.opened', 'conditions.dueInPeriod', 'committee.openRounds'];
  const read = async () => {
    const api = (await (await fetch(`${base}/v1/indicators?${query}`, { headers: { authorization: `Bearer ${token}` } })).json()) as Record<string, unknown>;
    const want = figures.map((f) => String(f.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], api)));
    const shown = await Promise.all(figures.map((f) => page.locator(`[data-figure="${f}"]`).textContent()));
    const tiers = api.systems as { byTier: Record<string, number> };
    want.push(String(tiers.byTier.high ?? 0));
    const high = page.locator('[data-figure="systems.byTier"] li[data-key="high"]');
    shown.push((await high.count()) === 0 ? '0' : ((await high.textContent()) ?? '').replace(/^.*: /, ''));
    return { shown, want };
  };
  await expect.poll(async () => {
    const { shown, want } = await read();
    return shown.join(' | ') === want.join(' | ') ? 'same' : `page ${shown.join(' | ')} / API ${want.join(' | ')}`;
  }, { timeout: 20_000 }).toBe('same');
}

/** Answers a screening question yes or no. */
/** Answers a screening question yes or no. */
const answer = (page: Page, question: string, yes: boolean) => page.locator(`#proposal-screening-${question} input[value="${yes}"]`).check();

/**
 * One walk through the console in one language: the words it must show are written out here (not looked up), so a
 * label left in English fails the Chinese walk. Each walk proposes its own system; the people are the same.
 */
type MessageKey = keyof typeof en;
const catalogues = { en, 'zh-CN': zhCN } as const;

interface Walk {
  readonly lang: keyof typeof catalogues;
  readonly locale: string;
  /** Appended to screenshot names. */
  readonly suffix: string;
  readonly systemId: string;
  /** Who votes: the first on a desktop, the second twice (one refused) and the third from a phone. */
  readonly voters: readonly [string, string, string];
  readonly words: {
    readonly unanswered: string;
    readonly problemPrefix: string;
    readonly inboxTitle: string;
    readonly noVotes: string;
    readonly oneVote: string;
    readonly voteRecorded: string;
    readonly alreadyVoted: string;
    readonly inReview: string;
    readonly dashboardTitle: string;
  };
}

const stamp = Date.now().toString(36);
const walks: Walk[] = [
  {
    lang: 'en', locale: 'en-GB', suffix: '', systemId: `console-credit-${stamp}`, voters: ['alice', 'bob', 'carol'],
    words: {
      unanswered: 'Answer yes or no.', problemPrefix: 'Problem: ', inboxTitle: 'Waiting for your vote',
      noVotes: '0 of 5 voted, 3 needed', oneVote: '1 of 5 voted, 3 needed', voteRecorded: 'Your vote was recorded.',
      alreadyVoted: 'You have already voted in this round.', inReview: 'In review', dashboardTitle: 'Compliance indicators',
    },
  },
  {
    lang: 'zh-CN', locale: 'zh-CN', suffix: '-zh', systemId: `console-zh-${stamp}`, voters: ['dave', 'carol', 'alice'],
    words: {
      unanswered: '请回答“是”或“否”。', problemPrefix: '问题：', inboxTitle: '等待您投票',
      noVotes: '已投 0/5，至少需要 3', oneVote: '已投 1/5，至少需要 3', voteRecorded: '您的投票已记录。',
      alreadyVoted: '您已在本轮投过票。', inReview: '评审中', dashboardTitle: '合规指标',
    },
  },
];

let proposer: Page;
const systemId = walks[0]!.systemId;

describe('the console in a real browser, on the real stack and the local issuer', () => {
  it('is served at /console/ with strict security headers and its sign-in settings', async () => {
    const res = await fetch(`${base}/console/`);
    expect(res.status).toBe(200);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    const settings = (await (await fetch(`${base}/console/config.json`)).json()) as Record<string, string>;
    expect(settings).toMatchObject({ issuer: issuerUrl, clientId: CONSOLE_CLIENT_ID });
  });

  describe.each(walks)('the walk in $lang', (w) => {
    const { words } = w;
    const systemId = w.systemId;
    const t = (key: MessageKey): string => catalogues[w.lang][key];
    const as = (account: string, hash: string, phone = false) => person(account, hash, { locale: w.locale, phone });
    const shot = (page: Page, name: string) => screenshots(page, `${name}${w.suffix}`);
    let mine: Page;

    it('a proposer signs in and proposes through the form: screening answers missing, a live preview, a field error, then a valid proposal', async () => {
      mine = await as('mei-lin', '#/propose');
      if (w.lang === 'en') proposer = mine;
      await mine.locator('#proposal-systemId').waitFor();
      await fillProposal(mine, systemId);
      const preview = mine.locator('[data-testid="preview"]');
      // Unanswered screening questions are the API's 400, shown at each question.
      await mine.locator('form.schema-form > button[type="submit"]').click();
      const missing = mine.locator('#proposal-screening-social-scoring-error');
      await missing.waitFor();
      expect(await missing.textContent()).toBe(words.unanswered);
      expect(await mine.locator('#proposal-screening-social-scoring').getAttribute('aria-invalid')).toBe('true');
      expect(await mine.locator('#proposal-screening-talks-to-people-help').textContent()).toContain('mistake for a human');
      for (const q of ['social-scoring', 'talks-to-people']) await answer(mine, q, false);
      await expect.poll(() => preview.getAttribute('data-tier')).toBe('high');
      expect(await preview.textContent()).toContain('High-impact sector needs ethics-committee review.');
      // A high-impact answer changes the preview's tier as it is given, and back.
      await answer(mine, 'social-scoring', true);
      await expect.poll(() => preview.getAttribute('data-tier')).toBe('prohibited');
      expect(await preview.textContent()).toContain('Scoring social behaviour is not permitted.');
      expect(await preview.locator('.preview-status').textContent()).toBe(`${t('preview.tier').replace('{tier}', t('tier.prohibited'))}`);
      await answer(mine, 'social-scoring', false);
      await expect.poll(() => preview.getAttribute('data-tier')).toBe('high');
      await mine.locator('#proposal-systemId').fill('Not A Slug!');
      await mine.locator('form.schema-form > button[type="submit"]').click();
      await expect.poll(() => mine.locator('#proposal-systemId-error').textContent()).toContain('lowercase slug');
      expect(await mine.locator('#proposal-systemId-error').textContent()).toMatch(new RegExp(`^${words.problemPrefix}`));
      expect(await mine.locator('#proposal-systemId').getAttribute('aria-invalid')).toBe('true');
      await expectAccessible(mine, `the proposal form with a field error (${w.lang})`);
      await shot(mine, 'propose');
      await mine.locator('#proposal-systemId').fill(systemId);
      await mine.locator('form.schema-form > button[type="submit"]').click();
      await mine.waitForURL(`**/console/#/systems/${systemId}`, { timeout: 10_000 }).catch(async (err: unknown) => {
        throw new Error(`${String(err)}; the form shows: ${(await mine.locator('.field-error').allTextContents()).join(' / ')}`);
      });
      await mine.locator(`article[data-system="${systemId}"]`).waitFor();
      const state = await waitForState(env.gov, systemId, (s) => s.stage === 'in_review');
      expect(state.proposal?.proposer).toBe('mei-lin');
      expect(state.tier).toBe('high');
    });

    it('three members vote from their inboxes, one after a refused double vote, and the chair sees the approval arrive live', async () => {
      const [first, twice, phone] = w.voters;
      const member = await as(first, '#/inbox');
      expect(await member.locator('h1').textContent()).toBe(words.inboxTitle);
      const row = member.locator(`tr[data-system="${systemId}"]`);
      await row.waitFor();
      expect(await row.textContent()).toContain(words.noVotes);
      await expectAccessible(member, `the inbox (${w.lang})`);
      await shot(member, 'inbox');
      await row.locator('a').click();
      await voteByKeyboard(member, 'Bias evaluation is convincing.');
      expect(await member.locator('article .page-notice').textContent()).toBe(words.voteRecorded);
      await expect.poll(() => member.locator('[data-testid="quorum"]').textContent(), { timeout: 20_000 }).toBe(words.oneVote);

      const context = await personContext(browser, { locale: w.locale });
      contexts.push(context);
      const second = await signIn(context, base, twice, '#/inbox');
      await second.locator(`tr[data-system="${systemId}"] a`).click();
      const secondDevice = await pendingConfirmation(context, systemId);
      await voteByKeyboard(second, 'Oversight is adequate.');
      await secondDevice.locator('.confirm button.primary').click();
      const refusal = secondDevice.locator('.problem[data-code="ALREADY_VOTED"]');
      await refusal.waitFor();
      expect(await refusal.locator('strong').textContent()).toBe(words.alreadyVoted);
      expect(await secondDevice.locator('#vote-rationale').isEditable()).toBe(true);
      expect(await secondDevice.locator('[data-testid="stage"]').textContent()).toContain(words.inReview);
      const afterRefusal = await env.gov.getState(systemId);
      expect(afterRefusal.review?.votes.filter((v) => v.voter === twice)).toHaveLength(1);

      const chair = await as('chair-erin', `#/systems/${systemId}`);
      await chair.locator('article[data-stage="in_review"]').waitFor();
      await chair.evaluate(() => ((globalThis as unknown as { unreloaded: boolean }).unreloaded = true));
      const onPhone = await as(phone, `#/systems/${systemId}`, true);
      await shot(onPhone, 'vote');
      await expectAccessible(onPhone, `the system page with the vote form at phone width (${w.lang})`);
      await voteByKeyboard(onPhone, 'Approve with the bias audit as a condition.');
      await chair.locator('article[data-stage="approved"]').waitFor({ timeout: 20_000 });
      expect(await chair.evaluate(() => (globalThis as unknown as { unreloaded?: boolean }).unreloaded)).toBe(true);
      await expectAccessible(chair, `the approved system page (${w.lang})`);
      await shot(chair, 'system');
    });

    it('the proposer records evidence for the condition and sees it among their systems; the owner records the deployment', async () => {
      await mine.goto(`${base}/console/#/systems/${systemId}`);
      const condition = mine.locator('li[data-condition="bias-audit"]');
      await condition.locator('summary').click();
      await mine.locator('#evidence-bias-audit-evidence').fill('Independent audit by Fairlab, report FL-2026-11.');
      await condition.locator('form button[type="submit"]').click();
      // The form's own notice goes with the form once the page reloads the met condition: wait for the status instead.
      await condition.locator('.status-satisfied').waitFor();
      await mine.goto(`${base}/console/#/systems`);
      await mine.locator(`tr[data-system="${systemId}"]`).waitFor();
      await expectAccessible(mine, `my systems (${w.lang})`);
      await shot(mine, 'my-systems');
      const owner = await as('olga', `#/systems/${systemId}`);
      const deploy = owner.locator('details.command', { hasText: t('action.deploy') });
      await deploy.locator('summary').click();
      await owner.locator('#deployments-environment').fill('production');
      await owner.locator('#deployments-version').fill('1.0.0');
      await deploy.locator('form button[type="submit"]').click();
      await owner.locator('article[data-stage="deployed"]').waitFor({ timeout: 20_000 });
      await expectAccessible(owner, `the deployed system page with the team's actions (${w.lang})`);
      const state = await env.gov.getState(systemId);
      expect(state.conditions.find((c) => c.id === 'bias-audit')?.status).toBe('satisfied');
      expect(state.running?.deployer).toBe('olga');
    });

    it('an auditor finds the system, sees its trail verified and exports it, then reads the indicators as the API gives them', async () => {
      const ann = await as('ann', '#/systems');
      await ann.locator('#search').fill(systemId);
      await expectAccessible(ann, `the systems list (${w.lang})`);
      await shot(ann, 'systems');
      await ann.locator(`tr[data-system="${systemId}"] a`).click();
      await ann.locator('[data-testid="verification"][data-ok="true"]').waitFor();
      await ann.locator('tr[data-type="system.deployed"]').waitFor();
      const download = ann.waitForEvent('download');
      await ann.getByRole('button', { name: t('export.csv') }).click();
      const csv = readFileSync((await (await download).path())!, 'utf8');
      const lines = csv.trim().split('\n');
      expect(lines[0]).toBe('sequence,id,when,who,what,why,policyVersion,hash,prevhash');
      expect(lines.filter((l) => l.includes(',review.vote_cast,'))).toHaveLength(3);
      expect(lines.some((l) => l.includes(',system.deployed,'))).toBe(true);
      const jsonDownload = ann.waitForEvent('download');
      await ann.getByRole('button', { name: t('export.json') }).click();
      const rows = JSON.parse(readFileSync((await (await jsonDownload).path())!, 'utf8')) as { sequence: number }[];
      expect(rows.map((r) => r.sequence)).toEqual(rows.map((_, i) => i + 1));
      await expectAccessible(ann, `the trail (${w.lang})`);
      await shot(ann, 'trail');
      await ann.goto(`${base}/console/#/dashboard`);
      expect(await ann.locator('h1').textContent()).toBe(words.dashboardTitle);
      await ann.locator('#dash-sector').selectOption('finance');
      await ann.locator('#dash-tier').selectOption('high');
      await expectDashboardMatchesApi(ann, 'sector=finance&tier=high');
      expect(Number(await ann.locator('[data-figure="systems.total"]').textContent())).toBeGreaterThanOrEqual(w.lang === 'en' ? 1 : 2);
      await expectAccessible(ann, `the dashboard (${w.lang})`);
      await shot(ann, 'dashboard');
    });
  });

  it('an expired session goes through sign-in and comes back to the same page', async () => {
    const context = await personContext(browser);
    contexts.push(context);
    await context.clock.install();
    const ann = await signIn(context, base, 'ann', `#/systems/${systemId}`);
    await ann.locator(`article[data-system="${systemId}"]`).waitFor();
    const issuerVisits: string[] = [];
    ann.on('request', (r) => {
      if (r.isNavigationRequest() && r.url().startsWith(issuerUrl)) issuerVisits.push(r.url());
    });
    await ann.clock.fastForward('09:00:00');
    await expect.poll(() => issuerVisits.length, { timeout: 15_000 }).toBeGreaterThan(0);
    await ann.waitForURL(`**/console/#/systems/${systemId}`);
    await ann.locator(`article[data-system="${systemId}"]`).waitFor();
  });

  it('signing out ends the session at the issuer; the console then asks to sign in again', async () => {
    await proposer.getByRole('button', { name: 'Sign out' }).click();
    await proposer.locator('button[name="logout"]').click();
    await proposer.getByRole('heading', { name: 'You are signed out.' }).waitFor();
    await expectAccessible(proposer, 'the signed-out page');
    await screenshots(proposer, 'signed-out');
    await proposer.goto(`${base}/console/#/inbox`);
    await proposer.reload();
    await proposer.locator('input[name="login"]').waitFor();
  });
});

