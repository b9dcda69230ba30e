import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { documents, startCms, type RunningCms } from '../../cms/tests/support/cms';
import { seedDemoContent } from '../../cms/tests/support/seed';
import { CmsLoadError, fetchAllEntries } from '../src/lib/cms-client';
import { buildSite } from './support/build';

let cms: RunningCms;
beforeAll(async () => {
  cms = await startCms('sqlite');
  await seedDemoContent(cms.strapi);
});
afterAll(() => cms?.stop());

describe('loading content from the CMS', () => {
  test('pages past Strapi\'s 100-entry cap and returns every published post exactly once', async () => {
    const posts = documents(cms, 'api::post.post');
    for (let i = 1; i <= 130; i++) {
      await posts.create({
        data: { title: `Bulk post ${i}`, slug: `bulk-post-${i}`, date: '2024-01-01', body: `Body ${i}` },
        status: 'published',
      });
    }
    const loaded = await fetchAllEntries('post', { cmsUrl: cms.url, pageSize: 25 });
    const slugs = loaded.map((post) => post.slug);
    expect(loaded).toHaveLength(136);
    expect(new Set(slugs).size).toBe(136);
    expect(slugs).toContain('bulk-post-130');
    expect(slugs).toContain('safeguarding-pressures-phase-8');
    // At the largest page size Strapi allows, still more than one page.
    expect(await fetchAllEntries('post', { cmsUrl: cms.url })).toHaveLength(136);
  });

  test('an unreachable CMS fails with the content type and what to do', async () => {
    const error = await fetchAllEntries('region', { cmsUrl: 'http://127.0.0.1:9' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CmsLoadError);
    expect((error as Error).message).toMatch(/Content type "region": the CMS could not be reached at http:\/\/127\.0\.0\.1:9\/api\/regions.*Set CMS_URL/);
  });

  test('a failing request names the content type and the status', async () => {
    const error = await fetchAllEntries('region', { cmsUrl: `${cms.url}/not-the-api` }).catch((caught: unknown) => caught);
    expect((error as Error).message).toMatch(/Content type "region": .*answered 404/);
  });

  test('an entry that fails validation stops the build, naming type, entry and field', async () => {
    // Data the definitions do not allow, written behind Strapi's back (as a bad migration would).
    await cms.strapi.db.connection('events').where({ slug: 'iro-bi-london-conference-2015' }).update({ kind: 'picnic' });
    const event = await documents(cms, 'api::event.event').findFirst({ filters: { slug: 'iro-bi-london-conference-2015' } });

    const error = await fetchAllEntries('event', { cmsUrl: cms.url }).catch((caught: unknown) => caught);
    expect((error as Error).message).toContain(`Content type "event", entry ${event.documentId} ("iro-bi-london-conference-2015"), field "kind"`);

    const build = await buildSite(cms.url);
    expect(build.ok).toBe(false);
    expect(build.output).toContain(`entry ${event.documentId} ("iro-bi-london-conference-2015"), field "kind"`);
  });
});
