// The console's system page shows the oversight signals of a system that logs decisions, in both languages.
import { serve, type ServerType } from '@hono/node-server';
import { Connection } from '@temporalio/client';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKafkaFeed, type EventFeed } from '../../adapters/event-feed.ts';
import { createEventProducer } from '../../adapters/kafka.ts';
import { createApp } from '../../api/app.ts';
import { createReadiness } from '../../api/readiness.ts';
import { readSystemEvents } from '../../client/audit.ts';
import { decisionMessage } from '../../client/decision-logger.ts';
import { API_RESOURCE, CONSOLE_CLIENT_ID } from '../../client/oidc-client.ts';
import { periodOf } from '../../domain/decisions/check-decision.ts';
import { defaultDecisionTrail } from '../../domain/policy-pack.ts';
import { DecisionRecord } from '../../events/decision-record.ts';
import { ensureConsole } from '../../scripts/build-console.mjs';
import { testEventKeys } from '../support/test-keys.ts';
import { axeViolations, launchBrowser, personContext, signIn } from './helpers/console-browser.ts';
import { issuerAuthenticator, issuerUrl } from './helpers/issuer.ts';
import { testKafka } from './helpers/kafka.ts';
import { testConfig } from './helpers/temporal.ts';
import { deployedSystem, eventually, openDecisionTrailEnv, type DecisionTrailEnv } from './decision-trail-env.ts';

const base = `http://127.0.0.1:${testConfig.GOVFLOW_API_PORT}`;
let t: DecisionTrailEnv;
let browser: Browser;
let server: ServerType;
let feed: EventFeed;
let closeAll: () => Promise<void>;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  const build = await ensureConsole();
  t = await openDecisionTrailEnv('console-oversight');
  feed = await startKafkaFeed({ kafka: testKafka, topic: t.env.topic, clientId: 'govflow-test-console-oversight' });
  const temporal = await Connection.connect({ address: testConfig.GOVFLOW_TEMPORAL_ADDRESS });
  const kafkaAdmin = testKafka.admin();
  await kafkaAdmin.connect();
  const app = createApp({
    readSide: t.reads.readSide,
    governance: t.env.gov,
    history: (systemId) => readSystemEvents({ kafka: testKafka, topic: t.env.topic, systemId }),
    eventKeys: testEventKeys,
    attestations: { signer: testEventKeys.signer, trusted: testEventKeys.trusted },
    auth: issuerAuthenticator(),
    readiness: createReadiness({ temporal, kafkaAdmin }),
    console: { dir: build.dir, issuer: issuerUrl, clientId: CONSOLE_CLIENT_ID, resource: API_RESOURCE },
    feed,
    decisions: { store: t.store, trailOf: async () => defaultDecisionTrail },
  });
  server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: testConfig.GOVFLOW_API_PORT });
  browser = await launchBrowser();
  closeAll = async () => {
    await Promise.all(contexts.map((c) => c.close()));
    await browser.close();
    await new Promise((r) => server.close(r));
    await feed.close();
    await kafkaAdmin.disconnect();
    await temporal.close();
    await t.close();
  };
});
afterAll(async () => {
  await closeAll?.();
});

describe('the console system page', () => {
  it("shows a deployed system's oversight signals and the checker's finding, in English and Chinese", async () => {
    const systemId = await deployedSystem(t, 'console-oversight');
    const now = new Date().toISOString();
    const review = { reviewed: true, overridden: true, by: 'olga' };
    // Four decisions, one reviewed and overridden, one by a version that was never approved.
    const records = [0, 1, 2, 3].map((i) =>
      DecisionRecord.parse({
        systemId, modelVersion: i === 3 ? '9.0.0' : '1.0.0', decisionId: `c-${i}`, decidedAt: now, inputDigest: `sha256:${'e'.repeat(64)}`,
        output: 'approve', ...(i === 0 ? { review } : {}),
      }),
    );
    const producer = createEventProducer(testKafka);
    await producer.connect();
    await producer.send({ topic: t.decisionsTopic, acks: -1, messages: records.map((r) => decisionMessage(r, 'test')) });
    await producer.disconnect();
    await eventually(() => t.store.findings(systemId), (f) => f.length === 1, 'the checker to find the unapproved version');

    const context = await personContext(browser);
    contexts.push(context);
    const page = await signIn(context, base, 'ann', `#/systems/${systemId}`);
    const section = page.locator('[data-testid="oversight"]');
    await section.waitFor();
    const row = section.locator(`tr[data-period="${periodOf(now)}"]`);
    expect(await row.locator('td').allInnerTexts()).toEqual(['4', '25%', '25%', '—', 'First month', '4']);
    expect(await section.innerText()).toContain('more than 15% of at least 20 decisions');
    expect(await section.locator('[data-finding="unapproved_version"]').innerText()).toContain('Unapproved version');
    expect(await axeViolations(page), 'axe on the system page with oversight').toEqual([]);

    const zh = await personContext(browser, { locale: 'zh-CN' });
    contexts.push(zh);
    const zhPage = await signIn(zh, base, 'ann', `#/systems/${systemId}`);
    await zhPage.locator('[data-testid="oversight"]').waitFor();
    expect(await zhPage.locator('#oversight-title').innerText()).toBe('模型决策的人工监督');
  });
});
