import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { CaughtMail, RelayAnswer } from '../../scripts/lib/mail-catcher';
import { asEditor, documents, type AdminCall, type RunningCms } from './support/cms';
import { linkIn, postForm, startCmsWithMail, testSite as site, type CmsWithMail } from './support/forms';
import { insertConfirmedSubscribers, outbox, postNotification, waitUntil } from './support/outbox';

let running: CmsWithMail;
let cms: RunningCms;
/** The relay's answer to each message; tests swap it to refuse some. */
let answer: RelayAnswer = () => undefined;
/** The admin's API, as the admin panel calls it for a signed-in editor. */
let admin: AdminCall;

beforeAll(async () => {
  // Retries after a temporary refusal come after a second, not a minute.
  running = await startCmsWithMail({ formRateLimit: 40, answer: (message) => answer(message), env: { MAIL_RETRY_SECONDS: '1' } });
  cms = running.cms;
  admin = await asEditor(cms);
});
afterAll(() => running?.stop());

const posts = () => documents(cms, 'api::post.post');
const subscribers = () => documents(cms, 'api::subscriber.subscriber');
const outboxRows = () => cms.strapi.db.query('api::outbox-message.outbox-message' as never);
const mailTo = (address: string) => running.mail.messages.filter((message) => message.to.includes(address));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Longer than the worker's idle poll (2 s): anything it was going to send has been sent. */
const settle = () => sleep(2500);

/** A header as it was sent. */
const header = (message: CaughtMail, name: string) => {
  const line = message.headerLines.find((entry) => entry.key === name.toLowerCase())?.line;
  return line?.slice(line.indexOf(':') + 1).trim();
};
/** Waits until a post's e-mails are all sent, failed or skipped; returns its New-post e-mail entry. */
const finished = (postDocumentId: string, timeoutMs?: number) =>
  waitUntil(`the e-mails of ${postDocumentId} are done`, async () => {
    const entry = await postNotification(cms.strapi, postDocumentId);
    return entry?.finishedAt ? entry : undefined;
  }, timeoutMs);

describe('a follower, from the follow form to unsubscribing from a new-post e-mail', () => {
  const reader = 'reader@example.org';
  const title = 'Funding & "outcomes" <for> care leavers';
  let postId: string;
  let newPostMail: CaughtMail;

  test('follow → confirmation e-mail → confirm → an editor publishes a post in the admin → exactly one e-mail, with everything in it', async () => {
    expect((await postForm(cms, 'follow', { email: reader, sourcePage: '/news/' })).status).toBe(202);
    const [confirmation] = await running.mail.waitFor(1);
    const { token } = linkIn(confirmation!.text, '/api/forms/follow/confirm');
    const confirmed = await fetch(`${cms.url}/api/forms/follow/confirm`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
      body: new URLSearchParams({ token }).toString(),
    });
    expect(confirmed.status).toBe(303);

    const created = await admin('POST', '/content-manager/collection-types/api::post.post/actions/publish', {
      title,
      slug: 'funding-outcomes-care-leavers',
      date: '2026-03-02',
      excerpt: 'What the new <b>funding</b> means for IROs.',
      body: 'The body.',
    });
    postId = created.data.documentId;

    const [message] = await waitUntil('the new-post e-mail arrives', () => (mailTo(reader).length >= 2 ? mailTo(reader).slice(1) : undefined));
    newPostMail = message!;
    const subscriber = await subscribers().findFirst({ filters: { email: reader } });
    expect(newPostMail.subject).toBe(title);
    expect(newPostMail.from).toContain('no-reply@iro-network.example');
    expect(header(newPostMail, 'Reply-To')).toContain('steering-group@iro-network.example');
    expect(newPostMail.text).toContain(title);
    expect(newPostMail.text).toContain('What the new <b>funding</b> means for IROs.');
    expect(newPostMail.text).toContain(`${site}/news/funding-outcomes-care-leavers/`);
    const unsubscribeUrl = linkIn(newPostMail.text, '/api/forms/unsubscribe').url;
    expect(header(newPostMail, 'List-Unsubscribe')).toBe(`<${unsubscribeUrl}>`);
    expect(header(newPostMail, 'List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
    expect(header(newPostMail, 'Message-ID')).toBe(`<post-${postId}.${subscriber.documentId}@iro-network.test>`);
    // And the follower's own page, which opens on where they stand.
    const manage = await (await fetch(linkIn(newPostMail.text, '/api/forms/manage').url)).text();
    expect(manage).toContain(`${reader} gets an e-mail when something new is posted.`);
    // The HTML part shows the editor's text as text.
    expect(newPostMail.html).toContain('Funding &amp; &quot;outcomes&quot; &lt;for&gt; care leavers');
    expect(newPostMail.html).toContain('What the new &lt;b&gt;funding&lt;/b&gt; means for IROs.');
    expect(newPostMail.html).not.toMatch(/<for>|<b>/);
    expect(newPostMail.html).toContain(`href="${site}/news/funding-outcomes-care-leavers/"`);

    await settle();
    expect(mailTo(reader)).toHaveLength(2);
  });

  test('editors see the e-mail\'s counts in the admin; the outbox itself is not shown to them', async () => {
    const entry = await finished(postId);
    expect(entry).toMatchObject({ title, recipients: 1, sent: 1, pending: 0, failed: 0, skipped: 0 });
    const listed = await admin('GET', '/content-manager/collection-types/api::post-notification.post-notification?pageSize=100');
    expect(listed.results.find((row: any) => row.postDocumentId === postId)).toMatchObject({ title, sent: 1, pending: 0, failed: 0 });
    const types = await admin('GET', '/content-manager/content-types');
    const shown = (uid: string) => types.data.find((type: any) => type.uid === uid)?.isDisplayed;
    expect(shown('api::post-notification.post-notification')).toBe(true);
    expect(shown('api::outbox-message.outbox-message')).toBe(false);
  });

  test('editing and publishing again, or unpublishing and publishing again, sends nothing new', async () => {
    await admin('PUT', `/content-manager/collection-types/api::post.post/${postId}`, { title: 'Funding for care leavers (corrected)' });
    await admin('POST', `/content-manager/collection-types/api::post.post/${postId}/actions/publish`, { title: 'Funding for care leavers (corrected)' });
    await posts().update({ documentId: postId, data: { excerpt: 'Edited again.' }, status: 'published' });
    await posts().unpublish({ documentId: postId });
    await posts().publish({ documentId: postId });
    await settle();
    expect(mailTo(reader)).toHaveLength(2);
    expect(await outboxRows().count({ where: { postDocumentId: postId } })).toBe(1);
  });

  test('a post published before the outbox existed (an upgraded CMS) sends nothing when an editor re-publishes it', async () => {
    // The demo posts were published at seed; make one look as if the outbox had never seen it.
    const old = await posts().findFirst({ filters: { slug: 'safeguarding-pressures-phase-8' }, status: 'published' });
    await cms.strapi.db.query('api::post-notification.post-notification' as never).deleteMany({ where: { postDocumentId: old.documentId } });
    await outbox.recordAlreadyPublished(cms.strapi);
    await posts().update({ documentId: old.documentId, data: { title: 'Safeguarding Pressures Phase 8 (typo fixed)' }, status: 'published' });
    await settle();
    expect(mailTo(reader)).toHaveLength(2);
    expect(await outboxRows().count({ where: { postDocumentId: old.documentId } })).toBe(0);
  });

  test('one-click unsubscribe from the e-mail\'s header, and the next post sends them nothing', async () => {
    const url = header(newPostMail, 'List-Unsubscribe')!.slice(1, -1);
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: header(newPostMail, 'List-Unsubscribe-Post'),
    });
    expect(response.status).toBe(200);
    expect((await subscribers().findFirst({ filters: { email: reader } })).status).toBe('unsubscribed');

    const next = await posts().create({ data: { title: 'The next post', slug: 'the-next-post', date: '2026-03-09', body: 'Later news.' }, status: 'published' });
    expect(await finished(next.documentId)).toMatchObject({ recipients: 0, sent: 0 });
    await settle();
    expect(mailTo(reader)).toHaveLength(2);
  });
});

describe('the outbox', () => {
  test('a post created already published (as the seed and scripts do) is announced once', async () => {
    const [follower] = await insertConfirmedSubscribers(cms.strapi, 1, 'created');
    const post = await posts().create({ data: { title: 'Created published', slug: 'created-published', date: '2026-04-01', body: 'Text.' }, status: 'published' });
    expect(await finished(post.documentId)).toMatchObject({ recipients: 1, sent: 1 });
    expect(mailTo('created-0@example.org').map((message) => message.subject)).toEqual(['Created published']);
    expect(await outboxRows().count({ where: { postDocumentId: post.documentId, subscriberDocumentId: follower } })).toBe(1);
    await subscribers().update({ documentId: follower, data: { status: 'unsubscribed' } });
  });

  test('the database refuses a second e-mail for the same post and follower, whatever tries to write it', async () => {
    const [row] = await outboxRows().findMany({ limit: 1 });
    const copy = { postDocumentId: row.postDocumentId, subscriberDocumentId: row.subscriberDocumentId, state: 'pending', attempts: 0, nextAttemptAt: new Date() };
    await expect(outboxRows().create({ data: copy })).rejects.toThrow(/unique/i);
    expect(await outbox.queueNewPost(cms.strapi, row.postDocumentId)).toBeUndefined();
  });

  test('a temporary refusal (4xx) is retried after a back-off; a permanent one (5xx) fails at once; both are counted', async () => {
    const refused: string[] = [];
    answer = ({ to }) => {
      if (to.includes('busy-0@example.org') && !refused.includes('busy')) {
        refused.push('busy');
        return { responseCode: 451, message: 'Mailbox busy, try again later' };
      }
      if (to.includes('gone-0@example.org')) return { responseCode: 550, message: 'No such user here' };
      return undefined;
    };
    try {
      const [busy] = await insertConfirmedSubscribers(cms.strapi, 1, 'busy');
      const [gone] = await insertConfirmedSubscribers(cms.strapi, 1, 'gone');
      const post = await posts().create({ data: { title: 'Refusals', slug: 'refusals', date: '2026-04-02', body: 'Text.' }, status: 'published' });
      const entry = await finished(post.documentId);
      expect(entry).toMatchObject({ recipients: 2, sent: 1, failed: 1, pending: 0, skipped: 0 });
      expect(mailTo('busy-0@example.org')).toHaveLength(1);
      expect(mailTo('gone-0@example.org')).toHaveLength(0);
      const rowOf = (subscriberDocumentId: string) => outboxRows().findOne({ where: { postDocumentId: post.documentId, subscriberDocumentId } });
      expect(await rowOf(busy!)).toMatchObject({ state: 'sent', attempts: 1, leaseOwner: null });
      const failed = await rowOf(gone!);
      expect(failed).toMatchObject({ state: 'failed', attempts: 1 });
      expect(failed.lastError).toContain('No such user here');
      for (const documentId of [busy!, gone!]) await subscribers().update({ documentId, data: { status: 'unsubscribed' } });
    } finally {
      answer = () => undefined;
    }
  });

  test('a follower who unsubscribes before their turn, and a post unpublished before its turn, are skipped; published again, it goes to who still follows', async () => {
    const worker = outbox.outboxWorker(cms.strapi);
    await worker.stop();
    try {
      const [stays, leaves] = await insertConfirmedSubscribers(cms.strapi, 2, 'turn');
      const kept = await posts().create({ data: { title: 'Kept', slug: 'kept', date: '2026-04-03', body: 'Text.' }, status: 'published' });
      const retracted = await posts().create({ data: { title: 'Retracted', slug: 'retracted', date: '2026-04-03', body: 'Text.' }, status: 'published' });
      await subscribers().update({ documentId: leaves!, data: { status: 'unsubscribed' } });
      await posts().unpublish({ documentId: retracted.documentId });
      worker.start();
      expect(await finished(kept.documentId)).toMatchObject({ recipients: 2, sent: 1, skipped: 1 });
      expect(await finished(retracted.documentId)).toMatchObject({ recipients: 2, sent: 0, skipped: 2 });
      const addressOf = async (documentId: string) => (await subscribers().findOne({ documentId })).email;
      expect(mailTo(await addressOf(stays!)).map((message) => message.subject)).toEqual(['Kept']);
      expect(mailTo(await addressOf(leaves!))).toHaveLength(0);
      // Published again (say after a fix): the follower it was held back from gets it once; who left still does not.
      await posts().publish({ documentId: retracted.documentId });
      await waitUntil('the re-published post to be sent', async () => (await postNotification(cms.strapi, retracted.documentId))?.sent === 1);
      expect(await postNotification(cms.strapi, retracted.documentId)).toMatchObject({ recipients: 2, sent: 1, skipped: 1, pending: 0 });
      expect(mailTo(await addressOf(stays!)).map((message) => message.subject)).toEqual(['Kept', 'Retracted']);
      expect(mailTo(await addressOf(leaves!))).toHaveLength(0);
      await subscribers().update({ documentId: stays!, data: { status: 'unsubscribed' } });
    } finally {
      worker.start();
    }
  });

  test('deleting a follower (the admin, their own page, a personal data request) deletes their outbox rows, and the counts follow', async () => {
    const [deleted, kept] = await insertConfirmedSubscribers(cms.strapi, 2, 'forget');
    const post = await posts().create({ data: { title: 'Forget me', slug: 'forget-me', date: '2026-04-05', body: 'Text.' }, status: 'published' });
    expect(await finished(post.documentId)).toMatchObject({ recipients: 2, sent: 2 });
    await subscribers().delete({ documentId: deleted });
    expect(await outboxRows().count({ where: { subscriberDocumentId: deleted } })).toBe(0);
    expect(await outboxRows().count({ where: { subscriberDocumentId: kept } })).toBe(1);
    expect(await postNotification(cms.strapi, post.documentId)).toMatchObject({ recipients: 2, sent: 1 });
    await subscribers().update({ documentId: kept!, data: { status: 'unsubscribed' } });
  });

  test('two workers sharing one outbox (two CMS instances) never send one e-mail twice', async () => {
    const main = outbox.outboxWorker(cms.strapi);
    await main.stop();
    const workers = [1, 2].map(() => new outbox.OutboxWorker(cms.strapi, { ...main.settings, batchSize: 20, idlePollMs: 50 }));
    try {
      const followers = await insertConfirmedSubscribers(cms.strapi, 300, 'shared');
      const post = await posts().create({ data: { title: 'Shared', slug: 'shared', date: '2026-04-04', body: 'Text.' }, status: 'published' });
      for (const worker of workers) worker.start();
      expect(await finished(post.documentId, 60_000)).toMatchObject({ recipients: 300, sent: 300, pending: 0 });
      const perFollower = new Map<string, number>();
      for (const message of running.mail.messages.filter((message) => message.subject === 'Shared')) {
        for (const address of message.to) perFollower.set(address, (perFollower.get(address) ?? 0) + 1);
      }
      expect(perFollower.size).toBe(followers.length);
      expect([...perFollower.values()].every((count) => count === 1)).toBe(true);
    } finally {
      await Promise.all(workers.map((worker) => worker.stop()));
      main.start();
    }
  });
  test('a month after a post\'s last e-mail went, its outbox rows are removed and its counts stay; a post withdrawn mid-send keeps its rows', async () => {
    const worker = outbox.outboxWorker(cms.strapi);
    const [follower] = await insertConfirmedSubscribers(cms.strapi, 1, 'kept-for-a-while');
    const sentPost = await posts().create({ data: { title: 'Sent and done', slug: 'sent-and-done', date: '2026-04-05', body: 'Text.' }, status: 'published' });
    const counts = await finished(sentPost.documentId);
    await worker.stop();
    let withdrawn: { documentId: string };
    try {
      withdrawn = await posts().create({ data: { title: 'Withdrawn mid-send', slug: 'withdrawn-mid-send', date: '2026-04-05', body: 'Text.' }, status: 'published' });
      await posts().unpublish({ documentId: withdrawn.documentId });
    } finally {
      worker.start();
    }
    await finished(withdrawn.documentId);
    const rowsOf = (postDocumentId: string) => outboxRows().count({ where: { postDocumentId } });
    expect(await rowsOf(sentPost.documentId)).toBeGreaterThan(0);

    // Within the month nothing goes; past it, the sent post's rows go, and only those.
    await worker.pruneFinished(new Date());
    expect(await rowsOf(sentPost.documentId)).toBeGreaterThan(0);
    const removed = await worker.pruneFinished(new Date(Date.now() + 31 * 24 * 60 * 60 * 1000));
    expect(removed).toBeGreaterThan(0);
    expect(await rowsOf(sentPost.documentId)).toBe(0);
    expect(await rowsOf(withdrawn.documentId)).toBeGreaterThan(0);
    expect(await postNotification(cms.strapi, sentPost.documentId)).toMatchObject({ recipients: counts.recipients, sent: counts.sent, failed: counts.failed, skipped: counts.skipped });

    // Deleting a follower afterwards leaves the pruned post's counts as they were.
    await subscribers().delete({ documentId: follower! });
    expect(await postNotification(cms.strapi, sentPost.documentId)).toMatchObject({ sent: counts.sent });
  });
});
