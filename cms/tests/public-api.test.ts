import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { contentTypes, entrySchema, type ContentTypeName } from '@iro/content-types';
import { applyPublicPermissionsFromDist, documents, startCms, type RunningCms } from './support/cms';
import { seedDemoContent } from './support/seed';

const names = Object.keys(contentTypes) as ContentTypeName[];
const publicTypes = names.filter((name) => contentTypes[name].audience === 'public');
const privateTypes = names.filter((name) => contentTypes[name].audience === 'private');
const restPath = (name: ContentTypeName) => `/api/${contentTypes[name].kind === 'singleType' ? contentTypes[name].singularName : contentTypes[name].pluralName}`;
const uid = (name: ContentTypeName) => `api::${name}.${name}` as any;

let cms: RunningCms;
beforeAll(async () => {
  cms = await startCms();
  await seedDemoContent(cms.strapi);
});
afterAll(() => cms?.stop());

describe('visitors (the public role) read published content with its nested data', () => {
  test.each(publicTypes)('%s: every entry is listed and matches the entry schema the site validates with', async (name) => {
    const { status, body } = await cms.get(`${restPath(name)}?pagination[pageSize]=100`);
    expect(status).toBe(200);
    const entries = contentTypes[name].kind === 'singleType' ? [body.data] : body.data;
    expect(entries.length).toBeGreaterThan(0);
    for (const entry of entries) {
      const parsed = entrySchema(name).safeParse(entry);
      expect(parsed.success, parsed.success ? '' : JSON.stringify(parsed.error.issues.slice(0, 3))).toBe(true);
    }
  });

  test.each(publicTypes.filter((name) => contentTypes[name].kind === 'collectionType'))(
    '%s: one entry is read by its documentId',
    async (name) => {
      const list = await cms.get(`${restPath(name)}?pagination[pageSize]=1`);
      const { documentId } = list.body.data[0];
      const { status, body } = await cms.get(`${restPath(name)}/${documentId}`);
      expect(status).toBe(200);
      expect(body.data.documentId).toBe(documentId);
      expect(entrySchema(name).safeParse(body.data).success).toBe(true);
    },
  );

  test('nested data comes in the same response: a region with its chairs and their local authorities', async () => {
    const { body } = await cms.get('/api/regions?filters[slug][$eq]=london');
    expect(body.data[0].leads.map((lead: any) => [lead.person.name, lead.person.localAuthority])).toEqual([
      ['Geraldine O’Donnell', 'London Borough of Tower Hamlets'],
      ['Susan Webb', 'London Borough of Bexley'],
    ]);
  });

  test('a course comes with its sessions and facilitator, an issue with its articles, a post with its source', async () => {
    const course = (await cms.get('/api/training-courses?filters[slug][$eq]=training-for-new-or-aspiring-iros')).body.data[0];
    expect(course.facilitator.name).toBe('Jon Fayle');
    expect(course.sessions.map((session: any) => [session.date, session.startTime.slice(0, 5)])).toEqual([
      ['2022-09-09', '09:30'],
      ['2022-12-09', '09:30'],
      ['2027-03-05', '09:30'],
    ]);
    const issue = (await cms.get('/api/magazine-issues')).body.data[0];
    expect(issue.articles.map((article: any) => article.title).sort()).toEqual(
      ['Overarching vision, aims and objectives', 'Representing IRO services: why your voice matters', 'Work plan priorities'].sort(),
    );
    const post = (await cms.get('/api/posts?filters[slug][$eq]=welsh-government-basic-income-pilot')).body.data[0];
    expect(post.source).toMatchObject({ organisation: 'Cascade', publishedOn: '2022-12-13' });
    expect(post.topics.map((topic: any) => topic.slug)).toEqual(['care-leavers']);
  });

  test("a post or event carries only what its pages show of its region, topics and author, not the region's texts", async () => {
    const london = await documents(cms, 'api::region.region').findFirst({ filters: { slug: 'london' } });
    const author = await documents(cms, 'api::person.person').findFirst({});
    const topic = await documents(cms, 'api::topic.topic').findFirst({});
    const created = await documents(cms, 'api::post.post').create({
      data: { title: 'London news', slug: 'london-news', date: '2026-12-01', body: 'Text.', region: london.documentId, author: author.documentId, topics: [topic.documentId] },
      status: 'published',
    });
    const post = (await cms.get(`/api/posts/${created.documentId}`)).body.data;
    await documents(cms, 'api::post.post').delete({ documentId: created.documentId });
    expect(Object.keys(post.region).sort()).toEqual(['documentId', 'id', 'name', 'slug']);
    expect(Object.keys(post.author).sort()).toEqual(['documentId', 'id', 'jobTitle', 'name']);
    expect(post.topics.map((related: any) => Object.keys(related).sort())).toEqual([['documentId', 'id', 'name', 'slug']]);
    const event = (await cms.get('/api/events?pagination[pageSize]=100')).body.data.find((entry: any) => entry.region);
    expect(event, 'the demo content has a regional event').toBeDefined();
    expect(Object.keys(event.region).sort()).toEqual(['documentId', 'id', 'name', 'slug']);
    // The region's own entry still has everything its page shows.
    const region = (await cms.get(`/api/regions?filters[slug][$eq]=${post.region.slug}`)).body.data[0];
    expect(region).toHaveProperty('summary');
    expect(region).toHaveProperty('regionalUpdate');
  });

  test('a visitor cannot ask for more than the server populates, nor for private fields', async () => {
    const { status, body } = await cms.get('/api/people?populate=*&pagination[pageSize]=100');
    expect(status).toBe(200);
    for (const person of body.data) {
      expect(person).not.toHaveProperty('email');
      expect(person).not.toHaveProperty('createdBy');
    }
    const settings = await cms.get('/api/site-setting');
    expect(settings.body.data).not.toHaveProperty('moderationKeywords');
  });
});

describe('drafts are never public', () => {
  test('a draft post is neither listed nor readable by documentId; its published version shows the published text', async () => {
    const posts = documents(cms, uid('post'));
    const draft = await posts.create({
      data: { title: 'Unpublished draft', slug: 'unpublished-draft', date: '2026-01-01', body: 'Secret plans' },
    });
    const list = await cms.get('/api/posts?pagination[pageSize]=100');
    expect(list.body.data.map((post: any) => post.slug)).not.toContain('unpublished-draft');
    expect((await cms.get(`/api/posts/${draft.documentId}`)).status).toBe(404);
    expect((await cms.get(`/api/posts?status=draft&filters[slug][$eq]=unpublished-draft`)).body.data).toEqual([]);

    const published = await posts.findFirst({ filters: { slug: 'safeguarding-pressures-phase-8' } });
    await posts.update({ documentId: published.documentId, data: { title: 'Draft edit not yet published' } });
    const read = await cms.get(`/api/posts/${published.documentId}`);
    expect(read.body.data.title).toBe('Safeguarding Pressures Phase 8');
  });
});

/** Whatever visitors could reach of private data would carry this. */
const secret = 'secret.person@private.example';

/** One real entry of every private type, holding the secret address where the type has one. */
async function plantPrivateEntries(): Promise<Record<string, string>> {
  const first = async (name: ContentTypeName) => (await documents(cms, uid(name)).findFirst({ status: 'published' })).documentId as string;
  const [post, region, course] = await Promise.all([first('post'), first('region'), first('training-course')]);
  // An open call: the demo's closed in 2020, and a nomination is held to its call's deadline and number, withdrawn or not.
  const call = (
    await documents(cms, uid('nomination-call')).create({
      data: { title: 'Planted call', slug: 'planted-call', body: 'Open.', closesAt: new Date(Date.now() + 30 * 864e5).toISOString(), nomineesPerRegion: 1, distinctLocalAuthorities: false },
      status: 'published',
    })
  ).documentId as string;
  const consent = { wordingVersion: 'v1', givenAt: '2026-01-01T00:00:00.000Z' };
  const fixtures: Record<string, object> = {
    comment: { post, authorName: 'Hidden', email: secret, body: 'Held for moderation', status: 'pending' },
    enquiry: { region, name: 'Hidden', email: secret, subject: 'Private', message: 'Private message' },
    nomination: { call, region, nominatorName: 'Hidden', nominatorEmail: secret, nominees: [{ name: 'N', email: secret, localAuthority: 'X' }], status: 'withdrawn' },
    'membership-application': { name: 'Hidden', email: secret, membershipType: 'associate' },
    'training-booking': { course, kind: 'interest', name: 'Hidden', email: secret },
    subscriber: { email: secret, status: 'confirmed', consent },
    'site-build': { summary: 'Private build status' },
    'personal-data-request': { emailAddress: secret, action: 'find' },
    'post-notification': { title: secret, postDocumentId: 'planted-post', slug: 'planted-post', recipients: 1, pending: 1, queuedAt: consent.givenAt },
    'outbox-message': { postDocumentId: 'planted-post', subscriberDocumentId: 'planted-subscriber', nextAttemptAt: consent.givenAt, lastError: secret },
    'notice-email': { recipients: secret, replyToName: 'Hidden', replyToEmail: secret, subject: 'Private', body: `From ${secret}`, state: 'failed', nextAttemptAt: consent.givenAt },
  };
  // Every private type needs a fixture here, so a new one cannot slip past these tests.
  expect(Object.keys(fixtures).sort()).toEqual([...privateTypes].sort());
  const ids: Record<string, string> = {};
  for (const name of privateTypes) ids[name] = (await documents(cms, uid(name)).create({ data: fixtures[name] })).documentId;
  return ids;
}

describe('the site build asks what is published, to fetch only what changed', () => {
  const versions = async (types: string) => (await cms.get(`/api/site-build/content-versions?types=${types}`)).body;

  test('every published entry is listed with a stamp that changes on each publish; drafts and unpublished entries are not listed', async () => {
    const posts = documents(cms, uid('post'));
    const before = await versions('post');
    const published = (await cms.get('/api/posts?pagination[pageSize]=100')).body.data.map((post: any) => post.documentId).sort();
    expect(before.types.post.map(([documentId]: string[]) => documentId).sort()).toEqual(published);

    const draft = await posts.create({ data: { title: 'Versions draft', slug: 'versions-draft', date: '2026-01-02', body: 'Not yet' } });
    const { documentId } = await posts.findFirst({ filters: { slug: 'government-responds-to-childrens-social-care-review' } });
    await posts.update({ documentId, data: { title: 'Republished title' }, status: 'published' });
    const after = await versions('post');
    const stamp = (list: { types: { post: string[][] } }, id: string) => list.types.post.find(([entry]) => entry === id)?.[1];
    expect(after.types.post.map(([entry]: string[]) => entry)).not.toContain(draft.documentId);
    expect(stamp(after, documentId)).toBeDefined();
    expect(stamp(after, documentId)).not.toBe(stamp(before, documentId));
    const untouched = before.types.post.find(([entry]: string[]) => entry !== documentId)![0];
    expect(stamp(after, untouched)).toBe(stamp(before, untouched));

    await posts.unpublish({ documentId });
    expect((await versions('post')).types.post.map(([entry]: string[]) => entry)).not.toContain(documentId);
  });

  test('it gives nothing but documentIds and stamps, a digest of the media library, and only for public types', async () => {
    const body = await versions('topic,site-setting');
    expect(Object.keys(body).sort()).toEqual(['media', 'types']);
    expect(Object.keys(body.types).sort()).toEqual(['site-setting', 'topic']);
    for (const row of body.types.topic) expect(row).toEqual([expect.stringMatching(/^\w+$/), expect.stringMatching(/^\d+\.\d+$/)]);
    expect(body.media).toMatch(/^[\w-]{43}$/);
    for (const name of ['subscriber', 'enquiry', 'comment', 'nope', '']) {
      const response = await cms.get(`/api/site-build/content-versions?types=${name}`);
      expect(response.status, name).toBe(400);
    }
  });
});

describe('private types are closed to the public', () => {
  let planted: Record<string, string>;
  beforeAll(async () => {
    planted = await plantPrivateEntries();
  });

  test.each(privateTypes)('%s: list, read by its real id, create, change and delete are all refused', async (name) => {
    const path = restPath(name);
    const send = (method: string, url: string) =>
      fetch(cms.url + url, { method, headers: { 'content-type': 'application/json' }, body: method === 'GET' || method === 'DELETE' ? undefined : JSON.stringify({ data: {} }) });
    const id = planted[name];
    // A single type lives at one path (GET/PUT/DELETE); a collection at a list path and entry paths.
    const attempts: [string, string][] =
      contentTypes[name].kind === 'singleType'
        ? [['GET', path], ['PUT', path], ['DELETE', path]]
        : [['GET', path], ['GET', `${path}/${id}`], ['POST', path], ['PUT', `${path}/${id}`], ['DELETE', `${path}/${id}`]];
    for (const [method, url] of attempts) {
      const response = await send(method, url);
      expect(response.status, `${method} ${url}`).toBe(403);
      expect(await response.text()).not.toContain(secret);
    }
  });

  test.each(publicTypes)('%s: no populate or filter reaches private data through it', async (name) => {
    const path = restPath(name);
    const attempts = [
      `${path}?populate=*`,
      `${path}?populate[comments]=*&populate[nominations]=*&populate[bookings]=*`,
      `${path}?populate[0]=*&populate[1]=leads.person&populate[2]=sessions`,
      `${path}?filters[comments][email][$eq]=${encodeURIComponent(secret)}`,
      `${path}?fields[0]=email&fields[1]=*`,
    ];
    for (const url of attempts) {
      const response = await fetch(cms.url + url);
      expect(response.status, url).toBeLessThan(500);
      expect(await response.text(), url).not.toContain(secret);
    }
  });

  test('a private type ticked for the public in the admin is closed again at the next boot', async () => {
    const role = await cms.strapi.db.query('plugin::users-permissions.role').findOne({ where: { type: 'public' } });
    await cms.strapi.db
      .query('plugin::users-permissions.permission')
      .create({ data: { action: 'api::subscriber.subscriber.find', role: role.id } });
    await applyPublicPermissionsFromDist(cms.strapi);
    const stillGranted = await cms.strapi.db
      .query('plugin::users-permissions.permission')
      .count({ where: { action: 'api::subscriber.subscriber.find', role: role.id } });
    expect(stillGranted).toBe(0);
  });
});

describe('a person\'s e-mail is shown only when they allow it, whatever writes it', () => {
  test('publicEmail follows showEmail through creates and partial updates', async () => {
    const people = documents(cms, uid('person'));
    const person = await people.create({ data: { name: 'Test Lead', email: 'lead@example.org', showEmail: false } });
    const read = async () => (await cms.get(`/api/people/${person.documentId}`)).body.data;
    expect((await read()).publicEmail).toBeNull();
    await people.update({ documentId: person.documentId, data: { showEmail: true } });
    expect((await read()).publicEmail).toBe('lead@example.org');
    await people.update({ documentId: person.documentId, data: { email: 'new@example.org' } });
    expect((await read()).publicEmail).toBe('new@example.org');
    await people.update({ documentId: person.documentId, data: { showEmail: false } });
    expect((await read()).publicEmail).toBeNull();
  });
});
