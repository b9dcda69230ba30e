import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { freePort } from '../../scripts/lib/ports';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { documents, startCms, type RunningCms } from '../../cms/tests/support/cms';
import { seedDemoContent } from '../../cms/tests/support/seed';
import { ensurePreviewToken } from '../../scripts/lib/preview-token';
import { siteDir } from '../../scripts/builder/astro-build';

const secret = 'preview-secret-0123456789';
let cms: RunningCms;
let previewServer: ChildProcess;
let previewUrl: string;
let token: string;
let draftId: string;

const shellEnvironment = () =>
  Object.fromEntries(Object.entries(process.env).filter(([name]) => name !== 'NODE_ENV' && !name.startsWith('VITEST') && name !== 'TEST'));


/** The URL the admin's "Open preview" button opens for a post. */
const adminPreviewUrl = (documentId: string): Promise<string | undefined> =>
  (cms.strapi.plugin('content-manager').service('preview') as any).getPreviewUrl('api::post.post', { documentId, status: 'draft', locale: null });

beforeAll(async () => {
  const port = await freePort();
  previewUrl = `http://127.0.0.1:${port}`;
  process.env.PREVIEW_URL = previewUrl;
  process.env.PREVIEW_SECRET = secret;
  cms = await startCms('sqlite');
  await seedDemoContent(cms.strapi);
  token = await ensurePreviewToken(cms.strapi);
  const draft = await documents(cms, 'api::post.post').create({
    data: { title: 'Draft for preview', slug: 'draft-for-preview', date: '2026-11-01', body: 'Words not yet published.' },
  });
  draftId = draft.documentId;

  const astro = path.join(path.dirname(createRequire(import.meta.url).resolve('astro/package.json')), 'bin', 'astro.mjs');
  previewServer = spawn(process.execPath, [astro, 'dev', '--port', String(port), '--host', '127.0.0.1'], {
    cwd: siteDir,
    // The environment of a person's shell, not vitest's (NODE_ENV=test and VITEST*, under which astro dev serves no pages).
    env: { ...shellEnvironment(), CMS_URL: cms.url, CMS_PREVIEW_TOKEN: token, PREVIEW_SECRET: secret, NO_COLOR: '1' },
    stdio: 'ignore',
  });
  for (let i = 0; i < 120; i++) {
    const answered = await fetch(previewUrl + '/').then((response) => response.status, () => 0);
    if (answered === 401) break;
    await sleep(500);
  }
}, 300_000);

afterAll(async () => {
  previewServer?.kill('SIGINT');
  delete process.env.PREVIEW_URL;
  delete process.env.PREVIEW_SECRET;
  await cms?.stop();
});

/** Opens a preview link as the admin's iframe would: follow the redirect, keep the session cookie. */
async function openPreview(url: string) {
  const entry = await fetch(url, { redirect: 'manual' });
  const cookie = entry.headers.get('set-cookie')?.split(';')[0] ?? '';
  const location = entry.headers.get('location') ?? '';
  const page = await fetch(previewUrl + location, { headers: { cookie } });
  return { entry, cookie, location, page, html: await page.text() };
}

describe('an editor previews a draft from the admin', () => {
  test('the preview token reads drafts of public content and nothing private', async () => {
    const auth = { headers: { authorization: `Bearer ${token}` } };
    const drafts = await (await fetch(`${cms.url}/api/posts?status=draft&filters[slug][$eq]=draft-for-preview`, auth)).json();
    expect(drafts.data.map((post: any) => post.title)).toEqual(['Draft for preview']);
    expect((await fetch(`${cms.url}/api/subscribers`, auth)).status).toBe(403);
    expect((await fetch(`${cms.url}/api/comments`, auth)).status).toBe(403);
  });

  test('"Open preview" shows the draft with the site\'s own page, marked noindex', async () => {
    const url = await adminPreviewUrl(draftId);
    expect(url).toBe(`${previewUrl}/__preview?secret=${secret}&path=${encodeURIComponent('/news/draft-for-preview/')}`);
    const { entry, page, html } = await openPreview(url!);
    expect(entry.status).toBe(303);
    expect(page.status).toBe(200);
    expect(page.headers.get('x-robots-tag')).toBe('noindex, nofollow');
    expect(html).toContain('<h1>Draft for preview</h1>');
    expect(html).toContain('Words not yet published.');
    expect(html).toContain('class="skip-link"'); // the same layout as the public site
  });

  test('an edit to the draft shows the next time the preview is opened', async () => {
    await documents(cms, 'api::post.post').update({ documentId: draftId, data: { title: 'Draft, edited' } });
    const { html } = await openPreview((await adminPreviewUrl(draftId))!);
    expect(html).toContain('<h1>Draft, edited</h1>');
  });

  test('without the secret there is no preview: a wrong secret, or a page opened without the session', async () => {
    const wrong = await fetch(`${previewUrl}/__preview?secret=guess&path=/news/draft-for-preview/`, { redirect: 'manual' });
    expect(wrong.status).toBe(401);
    const direct = await fetch(`${previewUrl}/news/draft-for-preview/`);
    expect(direct.status).toBe(401);
    expect(await direct.text()).not.toContain('Words not yet published');

    // Nor the dev server's own paths: the store that holds the drafts, any file of the checkout.
    for (const internal of ['/.astro/data-store.json', `/@fs${path.resolve(siteDir, '..', 'package.json')}`, '/@vite/client', '/src/consts.ts']) {
      const response = await fetch(previewUrl + internal);
      expect(response.status, internal).toBe(401);
    }
    // A secret of the same length in other characters is refused too, not an error.
    const odd = await fetch(`${previewUrl}/__preview?secret=${encodeURIComponent('é'.repeat(secret.length))}&path=/`, { redirect: 'manual' });
    expect(odd.status).toBe(401);
  });

  test('with the session, the page\'s own scripts and styles load (the same site sends the cookie)', async () => {
    const { cookie, html } = await openPreview((await adminPreviewUrl(draftId))!);
    const assets = [...html.matchAll(/(?:src|href)="(\/(?:@|src\/|node_modules\/)[^"]+)"/g)].map(([, href]) => href!);
    expect(assets.length).toBeGreaterThan(0);
    for (const asset of assets) expect((await fetch(previewUrl + asset, { headers: { cookie } })).status, asset).toBe(200);
  });

  test('types without a page of their own offer no preview', async () => {
    const person = await documents(cms, 'api::person.person').findFirst();
    const url = await (cms.strapi.plugin('content-manager').service('preview') as any).getPreviewUrl('api::person.person', {
      documentId: person.documentId,
      status: 'draft',
      locale: null,
    });
    expect(url).toBeUndefined();
  });
});
