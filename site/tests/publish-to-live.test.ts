import { mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { astroBuilder, preparedDir, runAstroBuild } from '../../scripts/builder/astro-build';
import { cmsStatusReporter } from '../../scripts/builder/cms-status';
import { SiteBuilder } from '../../scripts/builder/site-builder';
import { startWebhookServer } from '../../scripts/builder/webhook-server';
import { serveStatic, type StaticServer } from '../../scripts/lib/static-server';
import { asEditor, startCms, type AdminCall, type RunningCms } from '../../cms/tests/support/cms';
import { seedDemoContent } from '../../cms/tests/support/seed';
import { testSiteUrl } from './support/build';
import { htmlFiles } from './support/html';
import { uploadImage } from './support/upload';

const secret = 'publish-to-live-secret-0123';
let cms: RunningCms;
let builder: SiteBuilder;
let site: StaticServer;
let closeHooks: () => Promise<void>;
/** The editor's own path: the admin's content-manager API, as the admin panel calls it. */
let admin: AdminCall;
let root: string;
let coverId: number;

/** Waits for the builder to take up the webhook Strapi sends, and to finish. */
async function settle() {
  await sleep(1500); // webhook delivery plus the debounce window
  await builder.idle();
}

beforeAll(async () => {
  root = mkdtempSync(path.join(tmpdir(), 'iro-live-'));
  const buildOptions = { cmsUrl: '', siteUrl: testSiteUrl, cacheDir: path.join(root, 'cache') };
  builder = new SiteBuilder({
    root,
    debounceMs: 300,
    ...astroBuilder(buildOptions),
    ...cmsStatusReporter({ cmsUrl: () => buildOptions.cmsUrl, secret }),
  });
  const hooks = await startWebhookServer({ builder, secret });
  closeHooks = hooks.close;
  process.env.SITE_BUILDER_URL = `${hooks.url}/webhook`;
  process.env.SITE_BUILDER_SECRET = secret;
  cms = await startCms('sqlite');
  buildOptions.cmsUrl = cms.url;
  await seedDemoContent(cms.strapi);
  // A post with a cover image: its optimised images must survive builds that do not render it.
  const cover = await uploadImage(cms, 'reused-cover.png', 'A green rectangle');
  const posts = cms.strapi.documents('api::post.post') as any;
  const withCover = await posts.findFirst({ filters: { slug: 'basw-england-response-to-care-review' } });
  await posts.update({ documentId: withCover.documentId, data: { cover: cover.id }, status: 'published' });
  coverId = cover.id;
  builder.request('first build');
  await builder.idle();
  site = await serveStatic(builder.currentDir);

  admin = await asEditor(cms);
}, 300_000);

afterAll(async () => {
  delete process.env.SITE_BUILDER_URL;
  delete process.env.SITE_BUILDER_SECRET;
  await site?.close();
  await closeHooks?.();
  await cms?.stop();
});

const served = async (pathname: string) => {
  const response = await fetch(site.url + pathname);
  return { status: response.status, text: await response.text() };
};

describe('an editor publishes in the admin and the site follows', () => {
  let documentId: string;

  test('publishing a post puts it on the site, in the RSS feed and in the sitemap, within seconds', async () => {
    expect((await served('/news/published-from-the-admin/')).status).toBe(404);
    const created = await admin('POST', '/content-manager/collection-types/api::post.post/actions/publish', {
      title: 'Published from the admin',
      slug: 'published-from-the-admin',
      date: '2026-11-20',
      body: 'Written and published by an editor.',
    });
    documentId = created.data.documentId;
    await settle();

    const page = await served('/news/published-from-the-admin/');
    expect(page.status).toBe(200);
    expect(page.text).toContain('Written and published by an editor.');
    expect((await served('/rss.xml')).text).toContain('<title>Published from the admin</title>');
    expect((await served('/sitemap-0.xml')).text).toContain(`${testSiteUrl}/news/published-from-the-admin/`);
    expect(builder.lastSuccess?.reasons.join()).toContain('entry.publish');
    expect(builder.lastSuccess!.publishToLiveMs).toBeGreaterThan(0);
  });

  test('saving a draft of it changes nothing on the site and builds nothing', async () => {
    const builds = builder.buildCount;
    await admin('PUT', `/content-manager/collection-types/api::post.post/${documentId}`, { title: 'A draft title nobody sees yet' });
    await settle();
    expect(builder.buildCount).toBe(builds);
    expect((await served('/news/published-from-the-admin/')).text).not.toContain('A draft title nobody sees yet');
  });

  test('unpublishing it takes it off the site, the feed and the sitemap', async () => {
    await admin('POST', `/content-manager/collection-types/api::post.post/${documentId}/actions/unpublish`, {});
    await settle();
    expect((await served('/news/published-from-the-admin/')).status).toBe(404);
    expect((await served('/rss.xml')).text).not.toContain('Published from the admin');
    expect((await served('/sitemap-0.xml')).text).not.toContain('published-from-the-admin');
  });
});

describe('editors see how builds go, and can ask for one', () => {
  const siteBuild = () => cms.strapi.documents('api::site-build.site-build' as any).findFirst() as Promise<any>;

  test('the Site build entry in the admin shows when the site last went live', async () => {
    await sleep(300); // the report is sent just after the build
    const status = await siteBuild();
    expect(status.building).toBe(false);
    expect(status.lastSuccessAt).toBeTruthy();
    expect(status.summary).toMatch(/^The site is live and up to date/);
    expect(status.lastBuildSeconds).toMatch(/^built in \d+\.\d s; live \d+\.\d s after the change$/);
  });

  test('ticking "Rebuild now" and saving rebuilds the site, and the tick is cleared', async () => {
    const builds = builder.buildCount;
    await admin('PUT', '/content-manager/single-types/api::site-build.site-build', { rebuildRequested: true });
    await settle();
    await sleep(300);
    expect(builder.buildCount).toBe(builds + 1);
    expect(builder.lastSuccess?.reasons).toContain('rebuild requested in the admin');
    expect((await siteBuild()).rebuildRequested).toBe(false);
  });
});

/** The numbers of the last build's summary: "changes build: 1 CMS entries read, 95 pages rendered, 2038 reused (2038 in place), 1 share cards made (1005 kept)". */
function lastBuild() {
  const record = builder.lastSuccess!;
  const [, read, rendered, reused, inPlace, cardsMade, cardsKept] =
    /(\d+) CMS entries read, (\d+) pages rendered, (\d+) reused \((\d+) in place\), (\d+) share cards made \((\d+) kept\)/.exec(record.summary ?? '') ?? [];
  return { scope: record.scope, read: Number(read), rendered: Number(rendered), reused: Number(reused), inPlace: Number(inPlace), cardsMade: Number(cardsMade), cardsKept: Number(cardsKept) };
}

/** The path of the share card a served post page names in its og:image. */
async function cardOf(postPath: string): Promise<string> {
  const card = /<meta property="og:image" content="([^"]+)">/.exec((await served(postPath)).text)?.[1];
  expect(card, `${postPath} names a share card`).toBeDefined();
  return new URL(card!).pathname;
}

const postApi = '/content-manager/collection-types/api::post.post';
const findPost = (slug: string) => cms.strapi.documents('api::post.post').findFirst({ filters: { slug } }) as Promise<any>;

describe('a publish renders only what it changes', () => {
  test('editing a published post reads that post alone and renders a few pages; its page, the feed, its year archive and the sitemap show it', async () => {
    const post = await findPost('safeguarding-pressures-phase-8');
    const year = String(post.date).slice(0, 4);
    const oldCard = await cardOf('/news/safeguarding-pressures-phase-8/');
    await admin('POST', `${postApi}/${post.documentId}/actions/publish`, { title: 'Safeguarding Pressures, phase 8 (edited)' });
    await settle();

    expect(lastBuild()).toMatchObject({ scope: 'changes', read: 1 });
    // Every other post's page came from the build cache, and its share card stayed where it was;
    // the edited post's card shows the new title, so it has a new name, and the old one is gone.
    const published = await cms.strapi.db.query('api::post.post').count({ where: { publishedAt: { $notNull: true } } });
    expect(lastBuild().reused).toBeGreaterThanOrEqual(published - 1);
    expect(lastBuild()).toMatchObject({ cardsMade: 1, cardsKept: published - 1 });
    const newCard = await cardOf('/news/safeguarding-pressures-phase-8/');
    expect(newCard).not.toBe(oldCard);
    expect((await fetch(site.url + newCard)).headers.get('content-type')).toBe('image/png');
    expect((await served(oldCard)).status).toBe(404);
    // The copy kept for the next build shares the cards with the live build (hard links): at
    // 10,000 posts copying them was three quarters of each copy's bytes. Its pages are its own.
    const live = realpathSync(builder.currentDir);
    const inode = (dir: string, file: string) => statSync(path.join(dir, file)).ino;
    expect(inode(preparedDir(live), newCard)).toBe(inode(live, newCard));
    expect(inode(preparedDir(live), '/news/safeguarding-pressures-phase-8/index.html')).not.toBe(inode(live, '/news/safeguarding-pressures-phase-8/index.html'));
    // The build started from a copy of the last one, so those pages stayed where they were, not copied in one by one.
    expect(lastBuild().inPlace).toBe(lastBuild().reused);
    expect((await served('/news/safeguarding-pressures-phase-8/')).text).toContain('Safeguarding Pressures, phase 8 (edited)');
    expect((await served('/rss.xml')).text).toContain('<title>Safeguarding Pressures, phase 8 (edited)</title>');
    expect((await served(`/news/archive/${year}/`)).text).toContain('Safeguarding Pressures, phase 8 (edited)');
    expect((await served('/sitemap-0.xml')).text).toContain(`${testSiteUrl}/news/safeguarding-pressures-phase-8/`);
    // Pages the edit did not touch were reused, with what they show: the post with a cover keeps its optimised image.
    const withCover = (await served('/news/basw-england-response-to-care-review/')).text;
    const image = /<img[^>]+src="(\/_astro\/[^"]+)"/.exec(withCover)?.[1];
    expect(image).toBeDefined();
    expect((await fetch(site.url + image)).status).toBe(200);
  });

  test('the search index is refreshed right after the pages go live: the new title is found', async () => {
    const fragments = path.join(builder.currentDir, 'pagefind', 'fragment');
    const indexed = readdirSync(fragments).map((file) => gunzipSync(readFileSync(path.join(fragments, file))).toString('utf8'));
    expect(indexed.some((fragment) => fragment.includes('Safeguarding Pressures, phase 8 (edited)'))).toBe(true);
  });

  test("editing only a post's text reads that post alone; its page and the feed show the new text", async () => {
    const post = await findPost('safeguarding-pressures-phase-8');
    await admin('POST', `${postApi}/${post.documentId}/actions/publish`, { body: 'A new first paragraph, written by an editor.\n\nAnd a second.' });
    await settle();
    expect(lastBuild()).toMatchObject({ scope: 'changes', read: 1 });
    expect((await served('/news/safeguarding-pressures-phase-8/')).text).toContain('<p>A new first paragraph, written by an editor.</p>');
    expect((await served('/rss.xml')).text).toContain('A new first paragraph, written by an editor.');
  });

  test('if the file of post texts is an older copy, or lost, the next publish reads every post again and no page shows a wrong text', async () => {
    const textsFile = path.join(root, 'cache', 'entry-texts', 'post.json');
    const olderCopy = readFileSync(textsFile);
    const edited = await findPost('safeguarding-pressures-phase-8');
    await admin('POST', `${postApi}/${edited.documentId}/actions/publish`, { body: 'Text written after the copy was taken.' });
    await settle();
    const other = await findPost('basw-england-response-to-care-review');
    const published = await cms.strapi.db.query('api::post.post').count({ where: { publishedAt: { $notNull: true } } });

    writeFileSync(textsFile, olderCopy);
    await admin('POST', `${postApi}/${other.documentId}/actions/publish`, { title: 'BASW England response (edited)' });
    await settle();
    expect(lastBuild().read).toBeGreaterThanOrEqual(published);
    expect((await served('/news/safeguarding-pressures-phase-8/')).text).toContain('<p>Text written after the copy was taken.</p>');

    rmSync(textsFile);
    await admin('POST', `${postApi}/${other.documentId}/actions/publish`, { title: 'BASW England response (edited again)' });
    await settle();
    expect(lastBuild().read).toBeGreaterThanOrEqual(published);
    expect((await served('/news/basw-england-response-to-care-review/')).text).toContain('BASW England response (edited again)');
    expect((await served('/news/safeguarding-pressures-phase-8/')).text).toContain('<p>Text written after the copy was taken.</p>');
  });

  test('a post whose address is a name every JavaScript object has ("__proto__") is published like any other', async () => {
    await admin('POST', `${postApi}/actions/publish`, { title: 'An awkward address', slug: '__proto__', date: '2026-11-21', body: 'Its text is kept like any other.' });
    await settle();
    expect((await served('/news/__proto__/')).text).toContain('<p>Its text is kept like any other.</p>');
  });

  test("changing a post's slug moves its page: the old address is gone from the site, the feed and the sitemap", async () => {
    const post = await findPost('welsh-government-basic-income-pilot');
    const oldCard = await cardOf('/news/welsh-government-basic-income-pilot/');
    await admin('POST', `${postApi}/${post.documentId}/actions/publish`, { slug: 'basic-income-pilot-in-wales' });
    await settle();
    expect(lastBuild()).toMatchObject({ scope: 'changes', read: 1 });
    expect((await served('/news/welsh-government-basic-income-pilot/')).status).toBe(404);
    expect((await served(oldCard)).status).toBe(404);
    expect((await served('/news/basic-income-pilot-in-wales/')).status).toBe(200);
    expect((await served(await cardOf('/news/basic-income-pilot-in-wales/'))).status).toBe(200);
    const sitemap = (await served('/sitemap-0.xml')).text;
    expect(sitemap).not.toContain('/news/welsh-government-basic-income-pilot/');
    expect(sitemap).toContain('/news/basic-income-pilot-in-wales/');
    expect((await served('/rss.xml')).text).not.toContain('/news/welsh-government-basic-income-pilot/');
  });

  test('deleting a post removes its page, its share image and its place in the lists', async () => {
    const post = await findPost('care-review-evidence-group-reflect-on-implementation');
    const year = String(post.date).slice(0, 4);
    const card = await cardOf('/news/care-review-evidence-group-reflect-on-implementation/');
    expect((await served(card)).status).toBe(200);
    await admin('DELETE', `${postApi}/${post.documentId}`);
    await settle();
    expect(lastBuild().scope).toBe('changes');
    expect((await served('/news/care-review-evidence-group-reflect-on-implementation/')).status).toBe(404);
    expect((await served(card)).status).toBe(404);
    expect((await served(`/news/archive/${year}/`)).text).not.toContain('/news/care-review-evidence-group-reflect-on-implementation/');
    expect((await served('/sitemap-0.xml')).text).not.toContain('care-review-evidence-group-reflect-on-implementation');
  });

  test("an image's alt text changed in the media library reaches the post that shows it", async () => {
    await cms.strapi.plugin('upload').service('upload').updateFileInfo(coverId, { alternativeText: 'A green rectangle, described again' });
    await settle();
    expect((await served('/news/basw-england-response-to-care-review/')).text).toContain('alt="A green rectangle, described again"');
  });

  test('a change to the site settings, shown on every page, renders every page again', async () => {
    await admin('PUT', '/content-manager/single-types/api::site-setting.site-setting', { footerText: 'Footer changed by an editor.' });
    await settle();
    expect(lastBuild()).toMatchObject({ scope: 'changes', read: 1 });
    const pages = htmlFiles(builder.currentDir);
    expect(pages.length).toBeGreaterThan(50);
    expect(pages.filter((file) => !readFileSync(file, 'utf8').includes('Footer changed by an editor.'))).toEqual([]);
  });

  test('after all these publishes, the served site is the same as a full build from scratch of the same content', async () => {
    const fullDir = path.join(mkdtempSync(path.join(tmpdir(), 'iro-full-')), 'site');
    const full = await runAstroBuild(fullDir, { cmsUrl: cms.url, siteUrl: testSiteUrl, cacheDir: path.join(path.dirname(fullDir), 'cache') }, 'fresh');
    expect(full.ok, full.output.slice(-2000)).toBe(true);
    // The search index is left out: the builder's is shared by its builds and refreshed after
    // the pages go live; the full build makes its own. Every other file must be the same.
    const files = (dir: string) =>
      (readdirSync(dir, { recursive: true, withFileTypes: true }) as import('node:fs').Dirent[])
        .filter((entry) => entry.isFile())
        .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)))
        .filter((file) => !file.startsWith('pagefind'))
        .sort();
    const live = realpathSync(builder.currentDir);
    expect(files(live)).toEqual(files(fullDir));
    const different = files(fullDir).filter((file) => !readFileSync(path.join(live, file)).equals(readFileSync(path.join(fullDir, file))));
    expect(different).toEqual([]);
  });
});
