import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { astroBuilder } from '../../scripts/builder/astro-build';
import { cmsStatusReporter } from '../../scripts/builder/cms-status';
import { SiteBuilder } from '../../scripts/builder/site-builder';
import { startWebhookServer } from '../../scripts/builder/webhook-server';
import { serveStatic, type StaticServer } from '../../scripts/lib/static-server';
import { startCms, type RunningCms } from '../../cms/tests/support/cms';
import { seedDemoContent } from '../../cms/tests/support/seed';
import { testSiteUrl } from './support/build';

const secret = 'publish-to-live-secret-0123';
let cms: RunningCms;
let builder: SiteBuilder;
let site: StaticServer;
let closeHooks: () => Promise<void>;
let adminToken: string;

/** The editor's own path: the admin's content-manager API, with an admin session. */
async function admin(method: string, pathname: string, body?: unknown) {
  const response = await fetch(cms.url + pathname, {
    method,
    headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const json = await response.json();
  if (!response.ok) throw new Error(`${method} ${pathname}: ${response.status} ${JSON.stringify(json)}`);
  return json;
}

/** Waits for the builder to take up the webhook Strapi sends, and to finish. */
async function settle() {
  await sleep(1500); // webhook delivery plus the debounce window
  await builder.idle();
}

beforeAll(async () => {
  const root = mkdtempSync(path.join(tmpdir(), 'iro-live-'));
  let cmsUrl = '';
  builder = new SiteBuilder({
    root,
    debounceMs: 300,
    build: (outDir) => astroBuilder({ cmsUrl, siteUrl: testSiteUrl, cacheDir: path.join(root, 'cache') })(outDir),
    ...cmsStatusReporter({ cmsUrl: () => cmsUrl, secret }),
  });
  const hooks = await startWebhookServer({ builder, secret });
  closeHooks = hooks.close;
  process.env.SITE_BUILDER_URL = `${hooks.url}/webhook`;
  process.env.SITE_BUILDER_SECRET = secret;
  cms = await startCms('sqlite');
  cmsUrl = cms.url;
  await seedDemoContent(cms.strapi);
  builder.request('first build');
  await builder.idle();
  site = await serveStatic(builder.currentDir);

  const users = cms.strapi.service('admin::user') as unknown as { createFirstAdmin(data: object): Promise<unknown> };
  await users.createFirstAdmin({ email: 'editor@example.org', firstname: 'Ed', lastname: 'Itor', password: 'Editor-password-1' });
  const login = await fetch(`${cms.url}/admin/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'editor@example.org', password: 'Editor-password-1' }),
  });
  adminToken = (await login.json()).data.token;
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
