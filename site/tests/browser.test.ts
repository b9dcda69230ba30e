import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { documents, startCms, type RunningCms } from '../../cms/tests/support/cms';
import { seedDemoContent } from '../../cms/tests/support/seed';
import { buildSite, testSiteUrl } from './support/build';
import { serveSite } from './support/serve';
import { startMailCatcher, type MailCatcher } from '../../scripts/lib/mail-catcher';
import { freePort } from '../../scripts/lib/ports';

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
let sitePort: number;

beforeAll(async () => {
  if (!haveChromium) return;
  mail = await startMailCatcher();
  // The site's address is fixed before the CMS starts: the CMS admits the site's origin by CORS
  // (forms post in the background with JavaScript) and sends browsers back to it after a form.
  sitePort = await freePort();
  Object.assign(process.env, { SMTP_HOST: '127.0.0.1', SMTP_PORT: String(mail.smtpPort), SITE_URL: `http://127.0.0.1:${sitePort}`, CORS_ORIGINS: `http://127.0.0.1:${sitePort}` });
  cms = await startCms('sqlite');
  await seedDemoContent(cms.strapi);
  // The demo's call for nominations closed in 2020: an open one, so its form is on the site.
  await documents(cms, 'api::nomination-call.nomination-call').create({
    data: { title: 'Open test call', slug: 'open-test-call', body: 'Nominate two IROs.', closesAt: new Date(Date.now() + 30 * 864e5).toISOString(), nomineesPerRegion: 2, distinctLocalAuthorities: true },
    status: 'published',
  });
  const build = await buildSite(cms.url);
  if (!build.ok) throw new Error(`site build failed:\n${build.output}`);
  site = await serveSite(build.outDir, { port: sitePort });
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
  for (const name of ['SMTP_HOST', 'SMTP_PORT', 'SITE_URL', 'CORS_ORIGINS']) delete process.env[name];
});

async function newPage(options: { javaScriptEnabled?: boolean; bypassCSP?: boolean; withoutFormScript?: boolean } = {}): Promise<Page> {
  const context = await browser.newContext({
    javaScriptEnabled: options.javaScriptEnabled ?? true,
    // Only so the test can inject axe into the CMS's page, whose Content-Security-Policy forbids inline scripts.
    bypassCSP: options.bypassCSP ?? false,
    viewport: { width: 390, height: 844 },
  });
  // As if the site's script failed to load: forms then post the ordinary way, and the CMS answers.
  if (options.withoutFormScript) await context.route('**/_astro/*.js', (route) => route.abort());
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

  /** Each visitors' form on its page: what a person fills in, what they see next, and what the CMS then holds. */
  const journeys: {
    name: string;
    path: string;
    /** The form on the page (the follow box sits outside main). */
    form: (page: Page) => Locator;
    fill: (form: Locator, run: string) => Promise<void>;
    submit: string;
    thanks: string;
    stored: (run: string) => Promise<unknown>;
  }[] = [
    {
      name: 'follow by e-mail',
      path: '/',
      form: (page) => page.locator('.follow-box form'),
      fill: (form, run) => form.getByLabel('E-mail address').fill(`follower-${run}@example.org`),
      submit: 'Follow',
      thanks: 'Check your inbox',
      stored: (run) => documents(cms, 'api::subscriber.subscriber').findFirst({ filters: { email: `follower-${run}@example.org`, status: 'pending' } }),
    },
    {
      name: 'an enquiry to the steering group',
      path: '/contact/',
      form: (page) => page.locator('main form'),
      async fill(form, run) {
        await form.getByLabel('Your name').fill('Robin');
        await form.getByLabel('Your e-mail address').fill(`robin-${run}@example.org`);
        await form.getByLabel('Subject').fill(`Test ${run}`);
        await form.getByLabel('Your message').fill('Hello from a real browser.');
      },
      submit: 'Send enquiry',
      thanks: 'Your enquiry has been sent',
      stored: async (run) => (await mail.waitFor(1)).find((message) => message.subject === `Enquiry: Test ${run}`),
    },
    {
      name: 'a comment on a post',
      path: '/news/safeguarding-pressures-phase-8/',
      form: (page) => page.locator('main form'),
      async fill(form, run) {
        // As a person takes a while to write: a comment sent within seconds of the page is held as spam.
        if (run === 'js-on') await form.page().waitForTimeout(3200);
        await form.getByLabel('Name').fill('Casey');
        await form.getByLabel('E-mail address').fill(`casey-${run}@example.org`);
        await form.getByLabel('Comment', { exact: true }).fill('A useful summary.');
      },
      submit: 'Send comment',
      thanks: 'Thank you for your comment',
      stored: (run) => documents(cms, 'api::comment.comment').findFirst({ filters: { email: `casey-${run}@example.org`, status: 'pending' } }),
    },
    {
      name: 'a region\'s nominations',
      path: '/nominations/open-test-call/',
      form: (page) => page.locator('main form'),
      async fill(form, run) {
        await form.getByLabel('Region nominating').selectOption({ label: run === 'js-off' ? 'North East' : 'North West' });
        await form.getByLabel('Your name').fill('Rita Lead');
        await form.getByLabel('Your e-mail address').fill(`rita-${run}@council.example`);
        for (const [index, [name, authority]] of [['Ann One', 'Durham'], ['Bob Two', 'Sunderland']].entries()) {
          const nominee = form.getByRole('group', { name: `Nominee ${index + 1}` });
          await nominee.getByLabel('Full name').fill(name!);
          await nominee.getByLabel('Work e-mail address').fill(`${name!.split(' ')[0]!.toLowerCase()}@council.example`);
          await nominee.getByLabel('Local authority').fill(authority!);
        }
      },
      submit: 'Send nominations',
      thanks: 'Your nominations have been sent',
      stored: (run) => documents(cms, 'api::nomination.nomination').findFirst({ filters: { nominatorEmail: `rita-${run}@council.example` } }),
    },
    {
      name: 'a membership application',
      path: '/join/',
      form: (page) => page.locator('main form'),
      async fill(form, run) {
        await form.getByLabel('Your full name').fill('Mo Reviewer');
        await form.getByLabel('Your e-mail address').fill(`mo-${run}@example.org`);
        await form.getByLabel('Practitioner').check();
      },
      submit: 'Send application',
      thanks: 'Your application has been sent',
      stored: (run) => documents(cms, 'api::membership-application.membership-application').findFirst({ filters: { email: `mo-${run}@example.org`, status: 'pending' } }),
    },
    {
      name: 'a place on a training course',
      path: '/training/training-for-new-or-aspiring-iros/',
      form: (page) => page.locator('main form'),
      async fill(form, run) {
        await form.getByLabel('Book a place on a date below').check();
        await form.getByLabel(/5 March 2027/).check();
        await form.getByLabel('Your full name').fill('Pat Trainee');
        await form.getByLabel('Your e-mail address').fill(`pat-${run}@example.org`);
      },
      submit: 'Send',
      thanks: 'Your place is booked',
      stored: (run) => documents(cms, 'api::training-booking.training-booking').findFirst({ filters: { email: `pat-${run}@example.org`, sessionKey: '2027-03-05T09:30', status: 'confirmed' } }),
    },
  ];

  test.each(journeys.flatMap((journey) => [false, true].map((javaScriptEnabled) => ({ ...journey, javaScriptEnabled }))))(
    'sends $name (JavaScript $javaScriptEnabled), lands on the page saying what happens next, and the CMS has it',
    async (journey) => {
      const run = journey.javaScriptEnabled ? 'js-on' : 'js-off';
      const page = await newPage({ javaScriptEnabled: journey.javaScriptEnabled });
      await page.goto(site.url + journey.path);
      const form = journey.form(page);
      await journey.fill(form, run);
      await form.getByRole('button', { name: journey.submit, exact: true }).click();
      await expect.poll(() => page.locator('h1').textContent()).toBe(journey.thanks);
      expect(new URL(page.url()).origin).toBe(site.url);
      await expect.poll(() => journey.stored(run).catch(() => undefined), { timeout: 10_000 }).toBeTruthy();
      await page.context().close();
    },
  );

  test('with JavaScript, a comment sent moments after the page opened, as a bot sends it, is held as spam', async () => {
    const page = await newPage();
    await page.goto(`${site.url}/news/safeguarding-pressures-phase-8/`);
    const form = page.locator('main form');
    await form.getByLabel('Name').fill('Quick Bot');
    await form.getByLabel('E-mail address').fill('quick-bot@example.org');
    await form.getByLabel('Comment', { exact: true }).fill('Great post!');
    await form.getByRole('button', { name: 'Send comment', exact: true }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Thank you for your comment');
    await expect.poll(() => documents(cms, 'api::comment.comment').findFirst({ filters: { email: 'quick-bot@example.org' } }).then((comment) => comment?.status)).toBe('spam');
    await page.context().close();
  });

  /** Axe's WCAG 2.2 AA rules on the page as it is now; violation ids. */
  const axeViolations = async (page: Page) => {
    await page.addScriptTag({ content: axeSource });
    return page.evaluate(async (tags) => (await (window as any).axe.run(document, { runOnly: { type: 'tag', values: tags } })).violations.map((v: any) => v.id), axeTags);
  };

  test('with JavaScript, mistakes are shown on the site\'s own page: "Error:" title, the summary focused and linked, each nominee\'s message by its field, no axe violations', async () => {
    const page = await newPage();
    await page.goto(`${site.url}/nominations/open-test-call/`);
    const title = await page.title();
    const form = page.locator('main form');
    await form.getByLabel('Region nominating').selectOption({ label: 'South West' });
    await form.getByLabel('Your name').fill('Sam Lead');
    await form.getByLabel('Your e-mail address').fill('sam@council.example');
    const first = form.getByRole('group', { name: 'Nominee 1' });
    await first.getByLabel('Full name').fill('Ida');
    await first.getByLabel('Work e-mail address').fill('ida@council.example');
    await first.getByLabel('Local authority').fill('Bristol');
    const second = form.getByRole('group', { name: 'Nominee 2' });
    await second.getByLabel('Work e-mail address').fill('jo@council.example');
    await second.getByLabel('Local authority').fill('Bristol');
    await form.getByRole('button', { name: 'Send nominations' }).click();
    await expect.poll(() => page.title()).toBe(`Error: ${title}`);
    expect(new URL(page.url()).origin).toBe(site.url);
    expect(await page.evaluate(() => document.activeElement?.classList.contains('error-summary'))).toBe(true);
    expect(await page.locator('.error-summary a').allTextContents()).toEqual(['Nominee 2: Enter full name']);
    expect(await second.locator('.error-message').textContent()).toBe('Error: Nominee 2: Enter full name');
    expect(await second.getByLabel('Full name').getAttribute('aria-invalid')).toBe('true');
    expect(await axeViolations(page)).toEqual([]);
    await page.locator('.error-summary a').click();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('nomination-nominees-1-name');

    // Fixed and sent again: the old messages go, and the call's rule on local authorities speaks.
    await second.getByLabel('Full name').fill('Jo');
    await form.getByRole('button', { name: 'Send nominations' }).click();
    await expect.poll(() => page.locator('.error-summary a').allTextContents()).toEqual([
      'Nominee 2 works for the same local authority as nominee 1 (Bristol): this call asks for nominees from different local authorities.',
    ]);
    expect(await page.locator('.error-message').count()).toBe(1);
    expect(await page.locator('.error-summary').count()).toBe(1);
    expect(await axeViolations(page)).toEqual([]);
    await page.context().close();
  });

  test('with JavaScript, a booking with no date chosen says so by the dates, linked from the summary', async () => {
    const page = await newPage();
    await page.goto(`${site.url}/training/the-challenge-of-challenge/`);
    const form = page.locator('main form');
    await form.getByLabel('Book a place on a date below').check();
    await form.getByLabel('Your full name').fill('Lee');
    await form.getByLabel('Your e-mail address').fill('lee@example.org');
    await form.getByRole('button', { name: 'Send', exact: true }).click();
    await expect.poll(() => page.locator('.error-summary a').allTextContents()).toEqual(['Choose the date you want to book.']);
    expect(await form.getByRole('group', { name: 'Date' }).locator('.error-message').textContent()).toBe('Error: Choose the date you want to book.');
    await page.locator('.error-summary a').click();
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.type)).toBe('radio');
    expect(await axeViolations(page)).toEqual([]);
    await page.context().close();
  });

  test('without the script, mistakes come back on the CMS\'s page: "Error:" title, the summary focused, values kept, no axe violations', async () => {
    // JavaScript is on (axe needs it) but the site's script is blocked, as when it fails to load.
    const page = await newPage({ bypassCSP: true, withoutFormScript: true });
    await page.goto(`${site.url}/contact/`);
    const form = page.locator('main form');
    await form.getByLabel('Your e-mail address').fill('robin-at-example');
    await form.getByLabel('Your message').fill('Kept after the error');
    await form.getByRole('button', { name: 'Send enquiry' }).click();
    await expect.poll(() => page.title()).toMatch(/^Error: Send an enquiry/);
    expect(new URL(page.url()).origin).toBe(cms.url);
    // The CMS's page focuses its summary with `autofocus`, which Chromium applies at the next
    // rendering update, possibly after the title is already set: wait for it, as a reader would.
    await expect.poll(() => page.evaluate(() => document.activeElement?.classList.contains('error-summary'))).toBe(true);
    expect(await page.locator('.error-summary a').allTextContents()).toEqual([
      'Enter your name',
      'Enter an e-mail address in the correct format, like name@example.org',
      'Enter subject',
    ]);
    await page.locator('.error-summary a', { hasText: 'Enter your name' }).click();
    expect(await page.evaluate(() => location.hash)).toBe('#field-name');
    expect(await page.locator('#field-message').inputValue()).toBe('Kept after the error');
    expect(await axeViolations(page)).toEqual([]);
    await page.context().close();
  });

  test('without JavaScript, the CMS\'s own pages send the visitor on to the site: a form put right on the CMS\'s page, and the button behind an e-mailed link', async () => {
    // Not bypassCSP: the CMS's pages carry a Content-Security-Policy, and Chromium applies its
    // form-action to the 303 that sends the visitor back to the site.
    const page = await newPage({ javaScriptEnabled: false });
    await page.goto(`${site.url}/contact/`);
    await page.locator('main form').getByLabel('Your message').fill('Sent once put right');
    await page.locator('main form').getByRole('button', { name: 'Send enquiry' }).click();
    await expect.poll(() => page.title()).toMatch(/^Error: Send an enquiry/);
    const putRight = page.locator('main form');
    await putRight.getByLabel('Your name').fill('Robin');
    await putRight.getByLabel('Your e-mail address').fill('robin-put-right@example.org');
    await putRight.getByLabel('Subject').fill('Put right');
    await putRight.getByRole('button', { name: 'Send enquiry' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Your enquiry has been sent');
    expect(new URL(page.url()).origin).toBe(site.url);

    const address = 'confirms-in-a-browser@example.org';
    await page.goto(site.url);
    await page.locator('.follow-box form').getByLabel('E-mail address').fill(address);
    await page.locator('.follow-box form').getByRole('button', { name: 'Follow', exact: true }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Check your inbox');
    await expect.poll(() => mail.messages.find((message) => message.to.includes(address)), { timeout: 10_000 }).toBeTruthy();
    const link = new URL(/https?:\/\/\S+\/api\/forms\/follow\/confirm\?token=\S+/.exec(mail.messages.find((message) => message.to.includes(address))!.text)![0]);
    // The CMS here listens on a port of its own choosing, which its links do not name.
    await page.goto(`${cms.url}${link.pathname}${link.search}`);
    await page.getByRole('button', { name: 'Confirm' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('You are following');
    expect(new URL(page.url()).origin).toBe(site.url);
    expect(await documents(cms, 'api::subscriber.subscriber').findFirst({ filters: { email: address } })).toMatchObject({ status: 'confirmed' });
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
      ...['/follow/deleted/', '/bookings/cancelled/', '/bookings/link-not-valid/'],
      ...['comment', 'enquiry', 'nomination', 'membership', 'booking', 'interest'].map((name) => `/thank-you/${name}/`),
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
