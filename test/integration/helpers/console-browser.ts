import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { findChromium } from '../../../scripts/chromium.mjs';

/** Where the console's browser tests write their screenshots (under the state folder's test output). */
export const screenshotDir = join(process.env.GOVFLOW_STATE_DIR ?? '.govflow', 'test-output', 'screenshots');

/** The system Chromium (Debian's package), headless; fails with the way out when there is none. */
export async function launchBrowser(): Promise<Browser> {
  const executablePath = findChromium();
  if (!executablePath)
    throw new Error('no Chromium found: install Debian\'s `chromium` package or set GOVFLOW_CHROMIUM (npm test does this)');
  mkdirSync(screenshotDir, { recursive: true });
  return chromium.launch({ executablePath, args: ['--no-sandbox'] });
}

export const PHONE = { width: 390, height: 844 };
export const DESKTOP = { width: 1280, height: 900 };

/** A person's browser: their own context (cookies, storage), in a language and at a width. */
export function personContext(browser: Browser, opts: { locale?: string; phone?: boolean } = {}): Promise<BrowserContext> {
  return browser.newContext({
    locale: opts.locale ?? 'en-GB',
    timezoneId: 'Asia/Shanghai',
    viewport: opts.phone ? PHONE : DESKTOP,
    acceptDownloads: true,
  });
}

/**
 * Opens the console at `hash` and signs in at the local issuer's own sign-in page as `account`, the way a person
 * does; resolves once the console shows them signed in, back on the page they asked for.
 */
export async function signIn(context: BrowserContext, base: string, account: string, hash = '#/'): Promise<Page> {
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  await page.goto(`${base}/console/${hash}`);
  await page.waitForURL((u) => !u.href.startsWith(`${base}/console/`) || u.searchParams.has('code'), { timeout: 15_000 }).catch(() => undefined);
  if (!page.url().startsWith(`${base}/console/`)) {
    await page.locator('input[name="login"]').fill(account);
    await page.locator('input[name="password"]').fill('unused');
    await page.locator('button[type="submit"]').click();
  }
  try {
    await page.locator('header .who').waitFor({ timeout: 20_000 });
  } catch {
    const text = (await page.locator('body').innerText().catch(() => '')).slice(0, 500);
    throw new Error(`${account || 'the signed-in person'} was not signed in: the browser is at ${page.url()} showing "${text}"; page errors: ${errors.join(' | ') || 'none'}`);
  }
  return page;
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** axe-core's WCAG 2.x A/AA rules (2.2 included) on the page as it is now; the violations, described. */
export async function axeViolations(page: Page): Promise<string[]> {
  // Evaluated through the DevTools protocol, not as a page script, so the console's CSP stays as served.
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: { id: string; help: string; nodes: { target: unknown }[] }[] }> } }).axe;
    const r = await axe.run((globalThis as unknown as { document: unknown }).document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } });
    return r.violations.map((v) => `${v.id}: ${v.help} at ${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')}`);
  });
  return violations;
}

/** Screenshots of the page at desktop and phone width (`<name>-desktop.png`, `<name>-phone.png`). */
export async function screenshots(page: Page, name: string): Promise<void> {
  const size = page.viewportSize() ?? DESKTOP;
  for (const [label, viewport] of [['desktop', DESKTOP], ['phone', PHONE]] as const) {
    await page.setViewportSize(viewport);
    await page.screenshot({ path: join(screenshotDir, `${name}-${label}.png`), fullPage: true });
  }
  await page.setViewportSize(size);
}
