import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { compiledModule, documents, startCms, type RunningCms } from './support/cms';
import { waitUntil } from './support/outbox';

/** The module as the running CMS loaded it, as the comment form calls it. */
const { insertInGroupCommit } = compiledModule<typeof import('../src/forms/group-commit')>('forms/group-commit');

const secret = 'report-secret-0123456789';
let cms: RunningCms;
/** Stands in for the builder: every webhook the CMS sends it, as received. */
const received: { event: string; uid?: string; body: string }[] = [];
let builder: http.Server;

beforeAll(async () => {
  builder = http.createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      received.push({ ...(JSON.parse(body) as { event: string; uid?: string }), body });
      response.writeHead(202).end();
    });
  });
  await new Promise<void>((resolve) => builder.listen(0, '127.0.0.1', resolve));
  process.env.SITE_BUILDER_URL = `http://127.0.0.1:${(builder.address() as AddressInfo).port}/webhook`;
  process.env.SITE_BUILDER_SECRET = secret;
  cms = await startCms();
});
afterAll(async () => {
  delete process.env.SITE_BUILDER_SECRET;
  delete process.env.SITE_BUILDER_URL;
  await cms?.stop();
  builder?.close();
});

const report = (body: unknown, authorization?: string) =>
  fetch(`${cms.url}/api/site-build/report`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
    body: JSON.stringify(body),
  });

describe('the site builder reports builds to the CMS', () => {
  test('without the builder secret a report is refused and nothing is stored', async () => {
    expect((await report({ building: true })).status).toBe(401);
    expect((await report({ building: true }, 'Bearer not-the-secret-at-all')).status).toBe(401);
    expect(await documents(cms, 'api::site-build.site-build').findFirst()).toBeNull();
  });

  test('a malformed report gets 400 naming the field; a good one is stored for editors', async () => {
    const bad = await report({ building: 'yes', unknownField: 1 }, `Bearer ${secret}`);
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await bad.json())).toContain('building');
    const good = await report({ building: false, lastError: 'CMS unreachable', lastFailureAt: '2026-11-23T10:00:00.000Z' }, `Bearer ${secret}`);
    expect(good.status).toBe(204);
    const stored = await documents(cms, 'api::site-build.site-build').findFirst();
    expect(stored).toMatchObject({ building: false, lastError: 'CMS unreachable' });
  });

  test('visitors cannot read the build status', async () => {
    expect((await cms.get('/api/site-build')).status).toBe(403);
  });
});

describe('what the CMS tells the builder', () => {
  test('only changes visitors can see: a visitor\'s enquiry, subscription or held comment never leaves the CMS; a published post, a moderated comment and one approved at once do', async () => {
    const visitor = 'private.visitor@example.org';
    await documents(cms, 'api::enquiry.enquiry').create({ data: { name: 'Private', email: visitor, subject: 'Mine', message: 'Only for the steering group' } });
    await documents(cms, 'api::subscriber.subscriber').create({ data: { email: visitor, status: 'pending', consent: { wordingVersion: 'v1', givenAt: '2026-01-01T00:00:00.000Z' } } });
    const post = await documents(cms, 'api::post.post').create({ data: { title: 'Seen by all', slug: 'seen-by-all', date: '2026-11-25', body: 'Public.' }, status: 'published' });
    const comment = await documents(cms, 'api::comment.comment').create({ data: { post: post.documentId, authorName: 'Private', email: visitor, body: 'Held', status: 'pending' } });
    await documents(cms, 'api::comment.comment').update({ documentId: comment.documentId, data: { status: 'approved' } });
    // Stored as the comment form stores them, many to a statement: one held, and one by a returning
    // commenter approved at once by the site settings, seen on the next build, so sent.
    const fromForm = (body: string, status: string) => ({ uid: 'api::comment.comment', data: { authorName: 'Returning', email: visitor, body, doNotPublish: false, status }, links: { post: post.documentId } });
    // The held one first: its event is dropped before the approved one's is sent, so by the time
    // the approved one arrives, a held one sent wrongly would have arrived too.
    await insertInGroupCommit(fromForm('Held too', 'pending'));
    await insertInGroupCommit(fromForm('Approved at once', 'approved'));

    await waitUntil('the post\'s publish reaches the builder', () => received.some((hook) => hook.event === 'entry.publish' && hook.uid === 'api::post.post'));
    await waitUntil('the comment\'s moderation reaches the builder', () => received.some((hook) => hook.event === 'entry.update' && hook.uid === 'api::comment.comment'));
    await waitUntil('the comment approved at once reaches the builder', () => received.some((hook) => hook.event === 'entry.create' && hook.uid === 'api::comment.comment'));
    // Only that one (Strapi may send an event twice): the held comment's creation stayed in the CMS.
    const created = received.filter((hook) => hook.event === 'entry.create' && hook.uid === 'api::comment.comment');
    expect(created.map((hook) => (JSON.parse(hook.body) as { entry: { status: string } }).entry.status)).toEqual(created.map(() => 'approved'));
    expect(received.map((hook) => hook.uid)).not.toContain('api::enquiry.enquiry');
    expect(received.map((hook) => hook.uid)).not.toContain('api::subscriber.subscriber');
    // Of an entry, only what says it changes the site: not the commenter, nor their words.
    const sent = received.map((hook) => hook.body).join('\n');
    for (const personal of [visitor, 'Only for the steering group', 'Held', 'Approved at once', '"authorName"', '"body"']) expect(sent).not.toContain(personal);
  });
});
