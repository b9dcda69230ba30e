import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import ical, { type VEvent } from 'node-ical';
import RssParser from 'rss-parser';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { documents, startCms, type RunningCms } from '../../cms/tests/support/cms';
import { seedDemoContent } from '../../cms/tests/support/seed';
import { buildSite, testSiteUrl, type BuildResult } from './support/build';
import { fileFor, htmlFiles, jsonLdIn, linksIn, readPage } from './support/html';
import { uploadImage } from './support/upload';

let cms: RunningCms;

let build: BuildResult;
const read = (urlPath: string) => readPage(build.outDir, urlPath);

beforeAll(async () => {
  cms = await startCms('sqlite');
  await seedDemoContent(cms.strapi);
  const posts = documents(cms, 'api::post.post');
  // Pasted content an editor did not notice: it must reach no page and no feed as markup.
  await posts.create({
    status: 'published',
    data: {
      title: 'Pasted from elsewhere',
      slug: 'pasted-from-elsewhere',
      date: '2023-03-01',
      body: 'Hello <script>alert("x")</script> and <img src="x" onerror="alert(1)"> and [a link](javascript:alert(1)).\n\n# A heading one',
    },
  });
  await posts.create({ data: { title: 'Draft only', slug: 'draft-only', date: '2023-03-02', body: 'Not yet' } });
  // Comments: one approved, one held, one approved but private; only the first may appear.
  const commented = await posts.findFirst({ filters: { slug: 'care-review-evidence-group-reflect-on-implementation' } });
  const comments = documents(cms, 'api::comment.comment');
  await comments.create({ data: { post: commented.documentId, authorName: 'Pat', email: 'pat@example.org', body: 'A helpful <b>summary</b>.', status: 'approved' } });
  await comments.create({ data: { post: commented.documentId, authorName: 'Held', email: 'held@example.org', body: 'Not yet checked', status: 'pending' } });
  await comments.create({ data: { post: commented.documentId, authorName: 'Private', email: 'p@example.org', body: 'For the editors', status: 'approved', doNotPublish: true } });
  // Cover images uploaded through Strapi's upload service: one described, one missing its alt text.
  const described = await uploadImage(cms, 'meeting-room.png', 'An empty meeting room with chairs around a table');
  const undescribed = await uploadImage(cms, 'no-alt.png', null);
  const withCover = await posts.findFirst({ filters: { slug: 'safeguarding-pressures-phase-8' } });
  await posts.update({ documentId: withCover.documentId, data: { cover: described.id }, status: 'published' });
  const noAlt = await posts.findFirst({ filters: { slug: 'welsh-government-basic-income-pilot' } });
  await posts.update({ documentId: noAlt.documentId, data: { cover: undescribed.id }, status: 'published' });
  build = await buildSite(cms.url);
  if (!build.ok) throw new Error(`site build failed:\n${build.output}`);
}, 300_000);
afterAll(() => cms?.stop());

describe('every page is built and every link leads somewhere', () => {
  test('every URL in the sitemap has a page, and the sitemap lists every page type', () => {
    const index = read('/sitemap-index.xml');
    const sitemapFiles = [...index.matchAll(/<loc>([^<]+)<\/loc>/g)].map((match) => new URL(match[1]!).pathname);
    const urls = sitemapFiles.flatMap((file) => [...read(file).matchAll(/<loc>([^<]+)<\/loc>/g)].map((match) => match[1]!));
    for (const url of urls) {
      expect(url.startsWith(testSiteUrl), url).toBe(true);
      expect(fileFor(build.outDir, new URL(url).pathname), url).toBeDefined();
    }
    const paths = urls.map((url) => new URL(url).pathname);
    for (const expected of ['/', '/news/', '/news/safeguarding-pressures-phase-8/', '/news/archive/2022/', '/topics/care-review/', '/regions/', '/regions/london/',
      '/events/', '/events/london-regional-meeting-march-2015/', '/events/region/london/', '/events/kind/campaign-meeting/', '/training/',
      '/training/the-challenge-of-challenge/', '/magazine/', '/magazine/e-magazine-may-2015/', '/magazine/e-magazine-may-2015/work-plan-priorities/',
      '/nominations/', '/nominations/iro-advisory-group-nominations/', '/about/', '/privacy/', '/accessibility/', '/search/']) {
      expect(paths, expected).toContain(expected);
    }
    expect(paths).not.toContain('/news/draft-only/');
    expect(paths.filter((p) => p.includes('404'))).toEqual([]);
  });

  test('every internal link and asset on every page resolves to a built file', () => {
    const broken: string[] = [];
    for (const file of htmlFiles(build.outDir)) {
      for (const link of linksIn(readFileSync(file, 'utf8'))) {
        const target = link.startsWith(testSiteUrl) ? link.slice(testSiteUrl.length) || '/' : link;
        if (!target.startsWith('/') || target.startsWith('//')) continue;
        if (target.startsWith('/pagefind/')) continue; // written by the search indexer after the pages
        if (!fileFor(build.outDir, target)) broken.push(`${path.relative(build.outDir, file)} → ${link}`);
      }
    }
    expect(broken).toEqual([]);
  });

  test('every page type is reachable from the home page by following links', () => {
    const seen = new Set<string>();
    const queue = ['/'];
    while (queue.length > 0) {
      const page = queue.shift()!;
      if (seen.has(page)) continue;
      seen.add(page);
      const file = fileFor(build.outDir, page);
      if (!file?.endsWith('.html')) continue;
      for (const link of linksIn(readFileSync(file, 'utf8'))) {
        if (link.startsWith('/') && !link.startsWith('//') && !link.startsWith('/_astro') && !seen.has(link)) queue.push(link.split('#')[0]!);
      }
    }
    for (const page of ['/regions/london/', '/events/london-regional-meeting-june-2015/', '/training/the-challenge-of-challenge/',
      '/magazine/e-magazine-may-2015/vision-aims-and-objectives/', '/nominations/iro-advisory-group-nominations/', '/about-nairo/',
      '/news/welsh-government-basic-income-pilot/', '/topics/safeguarding/', '/rss.xml', '/events.ics', '/training.ics']) {
      expect(seen, page).toContain(page);
    }
  });
});

describe('what visitors read', () => {
  test('a London meeting shows its time in British style, its venue and chair', () => {
    const html = read('/events/london-regional-meeting-march-2015/');
    expect(html).toContain('Thursday 19 March 2015, 10.00am to 12.30pm');
    expect(html).toContain('Department for Education, Sanctuary Buildings, 20 Great Smith Street, London, SW1P 3BT');
    expect(html).toContain('Geraldine O’Donnell');
    // June is in British Summer Time: still 10.00am on the page.
    expect(read('/events/london-regional-meeting-june-2015/')).toContain('Thursday 4 June 2015, 10.00am to 12.30pm');
  });

  test('the London page shows its chairs with their local authorities and says the terms of reference are on request', () => {
    const html = read('/regions/london/');
    expect(html).toMatch(/Geraldine O’Donnell<\/h3>\s*<p>\s*Chair, London Borough of Tower Hamlets/);
    expect(html).toMatch(/Susan Webb<\/h3>\s*<p>\s*Chair, London Borough of Bexley/);
    expect(html).toContain('These are available to members on request.');
  });

  test('a summarised report says where it came from, with the date and a link', () => {
    expect(read('/news/safeguarding-pressures-phase-8/')).toContain('<a href="https://adcs.org.uk/" rel="noopener">Source: ADCS, 14 December 2022</a>');
  });

  test('a call for nominations past its deadline says it is closed', () => {
    const html = read('/nominations/iro-advisory-group-nominations/');
    expect(html).toContain('This call closed at 11.59pm on Friday 3 July 2020.');
    expect(html).toContain('Each region nominates 2 people.');
    expect(html).toContain('must not work for the same local authority');
  });

  test('pasted scripts, event handlers and javascript: links never reach a page', () => {
    const html = read('/news/pasted-from-elsewhere/');
    expect(html).not.toContain('alert(');
    expect(html).not.toMatch(/onerror|javascript:/i);
    expect(html).toContain('<h2>A heading one</h2>');
  });

  test('pages ship no inline script and one small script file, the forms\' enhancement; only the search page adds its own', () => {
    const formScripts = new Set<string>();
    for (const file of htmlFiles(build.outDir)) {
      const html = readFileSync(file, 'utf8');
      const page = path.relative(build.outDir, file);
      for (const [, tag = '', body = ''] of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)) {
        if (tag.includes('application/ld+json')) continue;
        const src = /src="([^"]+)"/.exec(tag)?.[1];
        // The production Content-Security-Policy admits the site's own files, and inline only the search page's starter.
        if (!src) expect(page === 'search/index.html' && body.includes('PagefindUI'), `inline script on ${page}`).toBe(true);
        else if (src.startsWith('/_astro/')) formScripts.add(src);
        else expect(src, page).toBe('/pagefind/pagefind-ui.js');
      }
    }
    expect(formScripts.size).toBe(1);
    const [script] = formScripts;
    expect(statSync(fileFor(build.outDir, script!)!).size).toBeLessThan(4096);
    expect(read('/search/')).toContain('pagefind-ui.js');
    expect(fileFor(build.outDir, '/pagefind/pagefind-ui.js')).toBeDefined();
  });

  test('an uploaded cover image is optimised: WebP at several widths, size set, its alt text kept', () => {
    const html = read('/news/safeguarding-pressures-phase-8/');
    const img = html.match(/<img [^>]*>/)![0];
    expect(img).toContain('alt="An empty meeting room with chairs around a table"');
    expect(img).toMatch(/width="1600"/);
    expect(img).toMatch(/height="900"/);
    expect(img).toMatch(/srcset="[^"]*\.webp 400w,[^"]*\.webp 800w/);
    for (const src of [...img.matchAll(/(\/_astro\/[^\s",]+\.webp)/g)].map((match) => match[1]!)) {
      expect(fileFor(build.outDir, src), src).toBeDefined();
    }
  });

  test('an image without alt text is reported at build time, naming the entry and the file', () => {
    expect(build.output).toMatch(/post "welsh-government-basic-income-pilot": image "no-alt\.png" has no alt text/);
  });

  test('each post has a 1200×630 social card image made at build time, named by its picture', async () => {
    const html = read('/news/safeguarding-pressures-phase-8/');
    const card = html.match(/<meta property="og:image" content="([^"]+)">/)?.[1];
    expect(card).toMatch(new RegExp(`^${testSiteUrl}/og/news/safeguarding-pressures-phase-8\\.[\\w-]{16}\\.png$`));
    const image = fileFor(build.outDir, new URL(card!).pathname)!;
    expect(await sharp(image).metadata()).toMatchObject({ width: 1200, height: 630, format: 'png' });
    expect(jsonLdIn(html)[0]).toMatchObject({ '@type': 'Article', image: card });
    // One card per published post, and nothing else in their folder.
    const cards = readdirSync(path.join(build.outDir, 'og', 'news'));
    const posts = await documents(cms, 'api::post.post').findMany({ status: 'published', fields: ['slug'], limit: 1000 });
    expect(cards.map((file) => file.replace(/\.[\w-]{16}\.png$/, '')).sort()).toEqual(posts.map((post: { slug: string }) => post.slug).sort());
  });
});

describe('visitors\' forms on the built pages', () => {
  test('a post shows its approved comments only, as text, and a comment form that posts to the CMS', async () => {
    const html = read('/news/care-review-evidence-group-reflect-on-implementation/');
    expect(html).toContain('<strong>Pat</strong>');
    expect(html).toContain('A helpful &lt;b&gt;summary&lt;/b&gt;.');
    expect(html).not.toContain('Not yet checked');
    expect(html).not.toContain('For the editors');
    expect(html).not.toContain('pat@example.org');
    const post = await documents(cms, 'api::post.post').findFirst({ filters: { slug: 'care-review-evidence-group-reflect-on-implementation' } });
    expect(html).toContain(`action="${cms.url}/api/forms/comment"`);
    expect(html).toContain(`<input type="hidden" name="post" value="${post.documentId}">`);
  });

  test('a region page has a contact form for its leads; the contact page one for the steering group', async () => {
    const london = await documents(cms, 'api::region.region').findFirst({ filters: { slug: 'london' } });
    const region = read('/regions/london/');
    expect(region).toContain(`action="${cms.url}/api/forms/enquiry"`);
    expect(region).toContain(`<input type="hidden" name="region" value="${london.documentId}">`);
    const contact = read('/contact/');
    expect(contact).toMatch(/<input type="hidden" name="region" value(="")?>/);
    expect(contact).toContain('<label for="enquiry-message">Your message</label>');
  });

  test('every page carries the follow form, which needs no JavaScript', () => {
    for (const page of ['/', '/regions/london/', '/training/']) {
      const html = read(page);
      expect(html).toContain(`action="${cms.url}/api/forms/follow"`);
      expect(html).toContain(`<input type="hidden" name="sourcePage" value="${page}">`);
    }
  });
});

describe('feeds, calendars and structured data, read with real parsers', () => {
  test('the RSS feed carries every post with full sanitised content, its source, and a self link', async () => {
    const xml = read('/rss.xml');
    const feed = await new RssParser({ customFields: { item: ['source'] } }).parseString(xml);
    expect(feed.items).toHaveLength(7);
    const sourced = feed.items.find((item) => item.title === 'Safeguarding Pressures Phase 8')!;
    expect(sourced.link).toBe(`${testSiteUrl}/news/safeguarding-pressures-phase-8/`);
    expect((sourced as unknown as Record<string, unknown>)['content:encoded'] ?? sourced.content).toContain('Association of Directors of Children’s Services');
    expect(xml).toContain('<source url="https://adcs.org.uk/">ADCS</source>');
    expect(xml).toContain(`<atom:link href="${testSiteUrl}/rss.xml" rel="self" type="application/rss+xml"/>`);
    const pasted = feed.items.find((item) => item.title === 'Pasted from elsewhere')!;
    expect(JSON.stringify(pasted)).not.toMatch(/alert\(|onerror|javascript:/);
    // Every page offers the feed for autodiscovery.
    expect(read('/training/')).toContain(`<link rel="alternate" type="application/rss+xml" title="NIROMP: news" href="${testSiteUrl}/rss.xml">`);
  });

  test('region and topic feeds hold only their own posts', async () => {
    const topic = await new RssParser().parseString(read('/topics/care-leavers/rss.xml'));
    expect(topic.items.map((item) => item.title)).toEqual(['Welsh Government Basic Income Pilot for young people leaving care']);
    const region = await new RssParser().parseString(read('/regions/london/rss.xml'));
    expect(region.items).toEqual([]);
  });

  test('the events calendar is valid iCalendar with UK times, stable UIDs and CRLF lines', () => {
    const text = read('/events.ics');
    expect(text.includes('\r\n')).toBe(true);
    expect(text.split('\r\n').every((line) => Buffer.byteLength(line) <= 75)).toBe(true);
    expect(text).toContain('BEGIN:VTIMEZONE\r\nTZID:Europe/London');
    const events = Object.values(ical.sync.parseICS(text)).filter((item) => item?.type === 'VEVENT') as VEvent[];
    expect(events).toHaveLength(10);
    const byTitle = (title: string) => events.find((event) => event.summary === title)!;
    expect(byTitle('London regional meeting, March 2015').start.toISOString()).toBe('2015-03-19T10:00:00.000Z');
    expect(byTitle('London regional meeting, June 2015').start.toISOString()).toBe('2015-06-04T09:00:00.000Z');
    expect(byTitle('London regional meeting, June 2015').end?.toISOString()).toBe('2015-06-04T11:30:00.000Z');
    expect(text).toContain('DTSTART;TZID=Europe/London:20150604T100000');
    expect(byTitle('IRO Bi-London Conference').datetype).toBe('date');
    expect(new Set(events.map((event) => event.uid)).size).toBe(10);
    expect(events.every((event) => event.dtstamp)).toBe(true);
  });

  test('the training calendar has every session, and each event has its own download', () => {
    const sessions = Object.values(ical.sync.parseICS(read('/training.ics'))).filter((item) => item?.type === 'VEVENT') as VEvent[];
    expect(sessions.map((session) => session.start.toISOString()).sort()).toEqual([
      '2022-09-09T08:30:00.000Z',
      '2022-10-07T08:30:00.000Z',
      '2022-12-09T09:30:00.000Z',
      '2023-01-20T09:30:00.000Z',
      '2027-03-05T09:30:00.000Z',
      '2027-04-09T08:30:00.000Z',
    ]);
    const single = Object.values(ical.sync.parseICS(read('/events/nairo-campaign-meeting-august-2022.ics'))).filter((item) => item?.type === 'VEVENT');
    expect(single).toHaveLength(1);
  });

  test('posts, events and courses carry schema.org data that parses', () => {
    const [article] = jsonLdIn(read('/news/safeguarding-pressures-phase-8/'));
    expect(article).toMatchObject({ '@type': 'Article', headline: 'Safeguarding Pressures Phase 8', datePublished: '2022-12-14' });
    const [meeting] = jsonLdIn(read('/events/london-regional-meeting-march-2015/'));
    expect(meeting).toMatchObject({
      '@type': 'Event',
      eventAttendanceMode: 'https://schema.org/OfflineEventAttendanceMode',
      eventStatus: 'https://schema.org/EventScheduled',
      location: { '@type': 'Place', name: 'Department for Education, Sanctuary Buildings' },
    });
    const [campaign] = jsonLdIn(read('/events/nairo-campaign-meeting-august-2022/'));
    expect(campaign).toMatchObject({ eventAttendanceMode: 'https://schema.org/OnlineEventAttendanceMode', location: { '@type': 'VirtualLocation' }, organizer: { name: 'NAIRO' } });
    const [course] = jsonLdIn(read('/training/training-for-new-or-aspiring-iros/'));
    expect(course['@type']).toBe('Course');
    expect(course.hasCourseInstance).toHaveLength(3);
    expect(course.hasCourseInstance[0]).toMatchObject({ '@type': 'CourseInstance', courseMode: 'online', instructor: { name: 'Jon Fayle' } });
    for (const file of htmlFiles(build.outDir)) jsonLdIn(readFileSync(file, 'utf8')); // throws on any that does not parse
  });
});
