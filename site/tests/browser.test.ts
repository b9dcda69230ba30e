import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startCms, type RunningCms } from '../../cms/tests/support/cms';
import { seedDemoContent } from '../../cms/tests/support/seed';
import { buildSite, testSiteUrl } from './support/build';
import { serveSite } from './support/serve';
import { startMailCatcher, type MailCatcher } from '../../scripts/lib/mail-catcher';

/** Debian's Chromium; `.ci/run` installs it. Elsewhere the suite says it is skipped rather than failing. */
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const haveChromium = existsSync(chromiumPath);
if (!haveChromium && process.env.CI) throw new Error(`Chromium is required in CI (${chromiumPath}); .ci/run installs it.`);

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const axeTags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

let cms: RunningCms;
let site: { url: string; close(): Promise<void> };
let browser: Browser;
let mail: MailCatcher;

beforeAll(async () => {
  if (!haveChromium) return;
  mail = await startMailCatcher();
  Object.assign(process.env, { SMTP_HOST: '127.0.0.1', SMTP_PORT: String(mail.smtpPort) });
  cms = await startCms('sqlite');
  await seedDemoContent(cms.strapi);
  const build = await buildSite(cms.url);
  if (!build.ok) throw new Error(`site build failed:\n${build.output}`);
  site = await serveSite(build.outDir);
  // The CMS sends browsers back to the site after a form: here, the local server.
  process.env.SITE_URL = site.url;
  browser = await chromium.launch({
    executablePath: chromiumPath,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await site?.close();
  await cms?.stop();
  await mail?.close();
  for (const name of ['SMTP_HOST', 'SMTP_PORT', 'SITE_URL']) delete process.env[name];
});

async function newPage(options: { javaScriptEnabled?: boolean; bypassCSP?: boolean } = {}): Promise<Page> {
  const context = await browser.newContext({
    javaScriptEnabled: options.javaScriptEnabled ?? true,
    // Only so the test can inject axe into the CMS's page, whose Content-Security-Policy forbids inline scripts.
    bypassCSP: options.bypassCSP ?? false,
    viewport: { width: 390, height: 844 },
  });
  return context.newPage();
}

/** The site's own URLs from its sitemap, moved to the local server. */
function sitemapPaths(): Promise<string[]> {
  return (async () => {
    const index = await (await fetch(`${site.url}/sitemap-index.xml`)).text();
    const paths: string[] = [];
    for (const [, loc] of index.matchAll(/<loc>([^<]+)<\/loc>/g)) {
      const sitemap = await (await fetch(site.url + new URL(loc!).pathname)).text();
      for (const [, url] of sitemap.matchAll(/<loc>([^<]+)<\/loc>/g)) paths.push(url!.replace(testSiteUrl, ''));
    }
    return paths;
  })();
}

describe.skipIf(!haveChromium)('a visitor in a real browser', () => {
  test('goes from the home page to their region, to a meeting, and can add it to a calendar', async () => {
    const page = await newPage({ javaScriptEnabled: false });
    await page.goto(site.url);
    await page.getByRole('link', { name: 'London' }).first().click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('London');
    await page.getByRole('link', { name: /All London events/ }).click();
    await page.getByRole('link', { name: 'London regional meeting, March 2015' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('London regional meeting, March 2015');
    expect(await page.locator('main').textContent()).toContain('Thursday 19 March 2015, 10.00am to 12.30pm');
    const calendar = await page.request.get(await page.getByRole('link', { name: 'Add to calendar' }).getAttribute('href').then((href) => site.url + href));
    expect(calendar.headers()['content-type']).toContain('text/calendar');
    await page.context().close();
  });

  test('can use the site with the keyboard alone: skip link first, then the navigation', async () => {
    const page = await newPage();
    await page.goto(site.url);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to main content');
    // The focused skip link is visible on screen (not left off-screen).
    const box = await page.locator('.skip-link').boundingBox();
    expect(box && box.x >= 0 && box.y >= 0).toBe(true);
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');

    await page.goto(site.url);
    let reachedNews = false;
    for (let i = 0; i < 10 && !reachedNews; i++) {
      await page.keyboard.press('Tab');
      reachedNews = (await page.evaluate(() => document.activeElement?.textContent?.trim())) === 'News';
    }
    expect(reachedNews).toBe(true);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('h1').textContent()).toBe('News');
    await page.context().close();
  });

  test('search finds posts with JavaScript, and says what to do without it', async () => {
    const page = await newPage();
    await page.goto(`${site.url}/search/`);
    await page.getByRole('textbox', { name: 'Search' }).fill('safeguarding pressures');
    await expect.poll(() => page.locator('.pagefind-ui__result-link').allTextContents(), { timeout: 10_000 }).toContain('Safeguarding Pressures Phase 8');
    await page.context().close();

    const plain = await newPage({ javaScriptEnabled: false });
    await plain.goto(`${site.url}/search/`);
    expect(await plain.locator('main').textContent()).toContain('Search needs JavaScript');
    await plain.locator('main').getByRole('link', { name: 'regions', exact: true }).click();
    await expect.poll(() => plain.locator('h1').textContent()).toBe('Regions');
    await plain.context().close();
  });

  test.each([false, true])('sends an enquiry to the steering group (JavaScript %s) and lands on the thank-you page; the mail arrives', async (javaScriptEnabled) => {
    const sent = mail.messages.length;
    const page = await newPage({ javaScriptEnabled });
    await page.goto(`${site.url}/contact/`);
    const form = page.locator('main form');
    await form.getByLabel('Your name').fill('Robin');
    await form.getByLabel('Your e-mail address').fill('robin@example.org');
    await form.getByLabel('Subject').fill(`Test ${javaScriptEnabled}`);
    await form.getByLabel('Your message').fill('Hello from a real browser.');
    await form.getByRole('button', { name: 'Send enquiry' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Your enquiry has been sent');
    expect(page.url()).toBe(`${site.url}/thank-you/enquiry/`);
    expect((await mail.waitFor(sent + 1)).at(-1)!.subject).toBe(`Enquiry: Test ${javaScriptEnabled}`);
    await page.context().close();
  });

  test('a form sent with mistakes comes back with the error summary focused, values kept, and no axe violations', async () => {
    // The forms post the same way with or without JavaScript (the JS-off case is covered above);
    // JavaScript is on here so axe can run on the CMS's error page.
    const page = await newPage({ bypassCSP: true });
    await page.goto(`${site.url}/contact/`);
    const form = page.locator('main form');
    await form.getByLabel('Your e-mail address').fill('robin-at-example');
    await form.getByLabel('Your message').fill('Kept after the error');
    await form.getByRole('button', { name: 'Send enquiry' }).click();
    await expect.poll(() => page.title()).toMatch(/^Error: Send an enquiry/);
    expect(await page.evaluate(() => document.activeElement?.classList.contains('error-summary'))).toBe(true);
    expect(await page.locator('.error-summary a').allTextContents()).toEqual([
      'Enter your name',
      'Enter an e-mail address in the correct format, like name@example.org',
      'Enter subject',
    ]);
    await page.locator('.error-summary a', { hasText: 'Enter your name' }).click();
    expect(await page.evaluate(() => location.hash)).toBe('#field-name');
    expect(await page.locator('#field-message').inputValue()).toBe('Kept after the error');
    await page.addScriptTag({ content: axeSource });
    const violations = await page.evaluate(async (tags) => (await (window as any).axe.run(document, { runOnly: { type: 'tag', values: tags } })).violations.map((v: any) => v.id), axeTags);
    expect(violations).toEqual([]);
    await page.context().close();
  });

  test('a missing page gets the 404 page with a way back', async () => {
    const page = await newPage();
    const response = await page.goto(`${site.url}/no-such-page/`);
    expect(response?.status()).toBe(404);
    expect(await page.locator('h1').textContent()).toBe('Page not found');
    await page.context().close();
  });

  test('every page in the sitemap passes axe (WCAG 2.2 AA) with no violations, on a phone and a desktop', async () => {
    // The follow steps are kept out of the sitemap (noindex) but are pages people see.
    const paths = [
      ...(await sitemapPaths()),
      ...['/follow/problem/', '/follow/check-your-email/', '/follow/link-expired/', '/follow/confirmed/', '/follow/unsubscribed/'],
      ...['/thank-you/comment/', '/thank-you/enquiry/'],
    ];
    expect(paths.length).toBeGreaterThan(40);
    const failures: string[] = [];
    for (const viewport of [{ width: 390, height: 844 }, { width: 1280, height: 900 }]) {
      const context = await browser.newContext({ viewport });
      const page = await context.newPage();
      for (const path of paths) {
        await page.goto(site.url + path);
        await page.addScriptTag({ content: axeSource });
        const violations = await page.evaluate(async (tags) => {
          const result = await (window as any).axe.run(document, { runOnly: { type: 'tag', values: tags } });
          return result.violations.map((violation: any) => `${violation.id}: ${violation.nodes.map((node: any) => node.target.join(' ')).join(', ')}`);
        }, axeTags);
        for (const violation of violations) failures.push(`${viewport.width}px ${path}: ${violation}`);
      }
      await context.close();
    }
    expect(failures).toEqual([]);
  });
});
