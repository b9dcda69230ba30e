/**
 * Submissions that arrive together are written in shared transactions (cms/src/forms/group-commit.ts):
 * every one acknowledged is stored, a failing one takes nobody else with it, and fewer commits are
 * made than submissions stored. New comments are stored many to a statement (batch-insert.ts), as
 * the Document Service would store them.
 */
import { errors } from '@strapi/utils';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { compiledModule, documents, insertsInto, type RunningCms } from './support/cms';
import { postForm, startCmsWithMail, type CmsWithMail } from './support/forms';
import { waitUntil } from './support/outbox';

/** The module as the running CMS loaded it (one queue per process). */
const { inGroupCommit, inPlaceTakingGroupCommit, insertInGroupCommit } = compiledModule<typeof import('../src/forms/group-commit')>('forms/group-commit');

let running: CmsWithMail;
let cms: RunningCms;
let postId: string;

beforeAll(async () => {
  running = await startCmsWithMail({ formRateLimit: 10_000 });
  cms = running.cms;
  postId = (await documents(cms, 'api::post.post').findFirst({ status: 'published', filters: { commentsOpen: true } })).documentId;
});
afterAll(() => running?.stop());

/** Counts the COMMITs the CMS sends its database while `work` runs. */
async function commitsDuring(work: () => Promise<unknown>): Promise<number> {
  let commits = 0;
  const listener = (query: { sql?: string }) => {
    if (/^commit/i.test(String(query.sql ?? '').trim())) commits++;
  };
  const knex = cms.strapi.db.connection;
  knex.on('query', listener);
  try {
    await work();
  } finally {
    knex.off('query', listener);
  }
  return commits;
}

const enquiries = (filters: object) => documents(cms, 'api::enquiry.enquiry').findMany({ filters });

describe('comments sent at the same moment', () => {
  test('every one answered 201 is stored', async () => {
    const count = 40;
    const responses = await Promise.all(
      Array.from({ length: count }, (_, index) =>
        postForm(cms, 'comment', { post: postId, authorName: `Reader ${index}`, email: `together-${index}@example.org`, body: 'Sent with many others.' }),
      ),
    );
    expect(responses.map((response) => response.status)).toEqual(Array(count).fill(201));
    const stored = await documents(cms, 'api::comment.comment').findMany({ filters: { email: { $startsWith: 'together-' } }, limit: 100 });
    expect(new Set(stored.map((comment: { email: string }) => comment.email)).size).toBe(count);
  });
});

describe('writes waiting together', () => {
  test('share commits: all stored, in fewer commits than writes', async () => {
    const count = 20;
    const commits = await commitsDuring(() =>
      Promise.all(
        Array.from({ length: count }, (_, index) =>
          inGroupCommit(() => documents(cms, 'api::enquiry.enquiry').create({ data: { name: 'Waiting', email: `waiting-${index}@example.org`, subject: 'Waiting together', message: 'Queued at once.' } })),
        ),
      ),
    );
    expect((await enquiries({ subject: 'Waiting together' })).length).toBe(count);
    expect(commits).toBeLessThan(count / 2);
  });
});

/**
 * Ten enquiries with the subject `batch`, from `<batch>-<index>@example.org`, queued at once on
 * `queue`; the one at `failing` throws `error` after its own row is written, as a failure
 * half-way through a write would be.
 */
const tenWrites = (queue: typeof inGroupCommit, batch: string, failing: number, error: Error) =>
  Array.from({ length: 10 }, (_, index) =>
    queue(async () => {
      const created = await documents(cms, 'api::enquiry.enquiry').create({
        data: { name: `Sender ${index}`, email: `${batch}-${index}@example.org`, subject: batch, message: 'One of ten.' },
      });
      if (index === failing) throw error;
      return created.documentId as string;
    }),
  );

/** Each write but the failing one fulfilled, the failing one rejected with its own error, and only the others stored. */
async function expectAllStoredBut(outcomes: PromiseSettledResult<string>[], batch: string, failing: number, message: string) {
  expect(outcomes.map((outcome) => outcome.status)).toEqual(outcomes.map((_, index) => (index === failing ? 'rejected' : 'fulfilled')));
  expect((outcomes[failing] as PromiseRejectedResult).reason.message).toBe(message);
  const stored = await enquiries({ subject: batch });
  expect(stored.map((enquiry: { email: string }) => enquiry.email).sort()).toEqual(
    outcomes.flatMap((_, index) => (index === failing ? [] : [`${batch}-${index}@example.org`])).sort(),
  );
  return stored;
}

describe('a booking-like write a rule refuses in a group', () => {
  test('is rolled back to its savepoint and gets the rule\'s error; the rest of its group commits with it, once', async () => {
    let outcomes: PromiseSettledResult<string>[] = [];
    // The savepoint must take the refused write's own row away too.
    const commits = await commitsDuring(async () => {
      outcomes = await Promise.allSettled(tenWrites(inPlaceTakingGroupCommit, 'refused', 3, new errors.ValidationError('This session is full.')));
    });
    await expectAllStoredBut(outcomes, 'refused', 3, 'This session is full.');
    // Not run again one by one, as a failure of any other kind is: one commit for the ten.
    expect(commits).toBe(1);
  });
});

describe('a write that fails in a group', () => {
  test('is rolled back whole and gets its own error; the others in its group are stored', async () => {
    const outcomes = await Promise.allSettled(tenWrites(inGroupCommit, 'grouped', 4, new Error('the fifth write failed')));
    const stored = await expectAllStoredBut(outcomes, 'grouped', 4, 'the fifth write failed');
    // Each acknowledged write's documentId is the entry stored for it.
    for (const [index, outcome] of outcomes.entries()) {
      if (outcome.status === 'fulfilled') expect(stored.find((enquiry: { documentId: string }) => enquiry.documentId === outcome.value)?.email).toBe(`grouped-${index}@example.org`);
    }
  });
});

const newComment = (email: string, post: string = postId) => ({
  uid: 'api::comment.comment',
  data: { authorName: 'Batched', email, body: 'Stored with others.', doNotPublish: false, status: 'pending' },
  links: { post },
});

/** The comments table's rows for these e-mail addresses, and the post rows each is linked to. */
async function storedComments(emails: string[]) {
  const knex = cms.strapi.db.connection;
  const rows = (await knex('comments').whereIn('email', emails).select()) as Record<string, unknown>[];
  const links = (await knex('comments_post_lnk').whereIn('comment_id', rows.map((row) => row.id as number)).select()) as { comment_id: number; post_id: number }[];
  return rows.map((row) => ({ row, postRows: links.filter((link) => link.comment_id === row.id).map((link) => link.post_id).sort() }));
}

describe('new comments stored many to a statement', () => {
  test('are the rows the Document Service stores: same columns and values, linked to the same versions of the post', async () => {
    await documents(cms, 'api::comment.comment').create({ data: { ...newComment('by-document-service@example.org').data, post: postId } });
    await insertInGroupCommit(newComment('by-batch@example.org'));
    const [byService, byBatch] = await Promise.all([storedComments(['by-document-service@example.org']), storedComments(['by-batch@example.org'])]);
    const comparable = ({ row }: { row: Record<string, unknown> }) => {
      const { id, document_id, created_at, updated_at, published_at, email, ...rest } = row;
      // What differs from row to row is there, and of the same kind.
      expect([typeof id, typeof document_id, String(document_id).length, typeof email]).toEqual(['number', 'string', 24, 'string']);
      for (const time of [created_at, updated_at, published_at]) expect(time).not.toBeNull();
      return rest;
    };
    expect(comparable(byBatch[0]!)).toEqual(comparable(byService[0]!));
    // Both versions of the published post (draft and published), as the Document Service links it.
    expect(byBatch[0]!.postRows).toEqual(byService[0]!.postRows);
    expect(byBatch[0]!.postRows.length).toBeGreaterThan(0);
    // And the Document Service reads it back as any other comment.
    const read = await documents(cms, 'api::comment.comment').findFirst({ filters: { email: 'by-batch@example.org' }, populate: { post: { fields: ['documentId'] } } });
    expect(read).toMatchObject({ status: 'pending', doNotPublish: false, post: { documentId: postId } });
  });

  test('each tells webhooks it was created, as the Document Service does, without its private fields', async () => {
    const events: { uid: string; entry: Record<string, unknown> }[] = [];
    const listener = async (event: { uid: string; entry: Record<string, unknown> }) => void events.push(event);
    cms.strapi.eventHub.on('entry.create', listener);
    let stored: Awaited<ReturnType<typeof storedComments>>[number] | undefined;
    try {
      await insertInGroupCommit(newComment('announced@example.org'));
      [stored] = await storedComments(['announced@example.org']);
      await waitUntil('the new comment\'s event', () => events.some((event) => event.entry.documentId === stored!.row.document_id));
    } finally {
      cms.strapi.eventHub.off('entry.create', listener);
    }
    const mine = events.filter((candidate) => candidate.entry.documentId === stored!.row.document_id);
    expect(mine).toHaveLength(1);
    // As stored, defaults included, with its post, as the Document Service sends it.
    expect(mine[0]).toMatchObject({ uid: 'api::comment.comment', entry: { id: stored!.row.id, status: 'pending', authorName: 'Batched', doNotPublish: false, post: { documentId: postId } } });
    expect(mine[0]!.entry).not.toHaveProperty('email');
  });

  test('forty sent together are stored with far fewer INSERTs than comments', async () => {
    const emails = Array.from({ length: 40 }, (_, index) => `batch-${index}@example.org`);
    const { inserts } = await insertsInto(cms, 'comments', () => Promise.all(emails.map((email) => insertInGroupCommit(newComment(email)))));
    const stored = await storedComments(emails);
    expect(stored.map(({ row }) => row.email).sort()).toEqual([...emails].sort());
    expect(stored.every(({ postRows }) => postRows.length > 0)).toBe(true);
    expect(inserts).toBeGreaterThan(0);
    expect(inserts).toBeLessThan(emails.length / 4);
  });

  test('one linking to a post that does not exist gets its own error; the others sent with it are stored', async () => {
    const emails = Array.from({ length: 10 }, (_, index) => `linked-${index}@example.org`);
    const events: string[] = [];
    const listener = async (event: { uid: string; entry: { documentId: string } }) => void (event.uid === 'api::comment.comment' && events.push(event.entry.documentId));
    cms.strapi.eventHub.on('entry.create', listener);
    let stored: Awaited<ReturnType<typeof storedComments>> = [];
    try {
      const outcomes = await Promise.allSettled(emails.map((email, index) => insertInGroupCommit(newComment(email, index === 6 ? 'no-such-post-documentid' : postId))));
      expect(outcomes.map((outcome) => outcome.status)).toEqual(emails.map((_, index) => (index === 6 ? 'rejected' : 'fulfilled')));
      stored = await storedComments(emails);
      expect(stored.map(({ row }) => row.email).sort()).toEqual(emails.filter((_, index) => index !== 6).sort());
      const storedIds = stored.map(({ row }) => String(row.document_id));
      await waitUntil('an event for each stored comment', () => storedIds.every((documentId) => events.includes(documentId)));
    } finally {
      cms.strapi.eventHub.off('entry.create', listener);
    }
    // Stored one by one after the group failed: each announced once, and the rolled-back group never.
    const storedIds = stored.map(({ row }) => String(row.document_id));
    expect(events.filter((documentId) => storedIds.includes(documentId)).sort()).toEqual(storedIds.sort());
    // Events that came meanwhile (the previous test's, sent after their commit) are all of stored rows.
    const known = new Set((await cms.strapi.db.connection('comments').whereIn('document_id', events).select('document_id')).map((row: { document_id: string }) => row.document_id));
    expect(events.filter((documentId) => !known.has(documentId))).toEqual([]);
  });
});

describe('new enquiries stored many to a statement', () => {
  test('to a region and to the steering group, sent together: each linked as it was sent, each with its notice e-mail', async () => {
    const region = await documents(cms, 'api::region.region').findFirst({ status: 'published' });
    const sent = Array.from({ length: 9 }, (_, index) => ({ email: `mixed-${index}@example.org`, region: index % 3 === 1 ? (region.documentId as string) : undefined }));
    await Promise.all(
      sent.map(({ email, region: regionId }) =>
        insertInGroupCommit(
          { uid: 'api::enquiry.enquiry', data: { name: 'Mixed', email, subject: 'Mixed together', message: 'One of nine.' }, links: regionId ? { region: regionId } : {} },
          { to: ['steering-group@iro-network.example'], subject: `Enquiry from ${email}`, text: 'Notice.' },
        ),
      ),
    );
    const stored = await documents(cms, 'api::enquiry.enquiry').findMany({ filters: { subject: 'Mixed together' }, populate: { region: { fields: ['documentId'] } } });
    expect(Object.fromEntries(stored.map((enquiry: { email: string; region: { documentId: string } | null }) => [enquiry.email, enquiry.region?.documentId ?? null]))).toEqual(
      Object.fromEntries(sent.map(({ email, region: regionId }) => [email, regionId ?? null])),
    );
    const mailed = () => running.mail.messages.filter((message) => String(message.subject).startsWith('Enquiry from mixed-'));
    await waitUntil('every enquiry\'s notice is mailed', () => mailed().length >= sent.length);
    expect(mailed().map((message) => message.subject).sort()).toEqual(sent.map(({ email }) => `Enquiry from ${email}`).sort());
  });
});
