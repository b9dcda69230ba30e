/**
 * Submissions that arrive together are written in shared transactions (cms/src/forms/group-commit.ts):
 * every one acknowledged is stored, a failing one takes nobody else with it, and fewer commits are
 * made than submissions stored.
 */
import { errors } from '@strapi/utils';
import { createRequire } from 'node:module';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { cmsDir, documents, type RunningCms } from './support/cms';
import { postForm, startCmsWithMail, type CmsWithMail } from './support/forms';

/** The module as the running CMS loaded it (one queue per process). */
const { inGroupCommit, inPlaceTakingGroupCommit } = createRequire(import.meta.url)(path.join(cmsDir, 'dist', 'src', 'forms', 'group-commit.js')) as typeof import('../src/forms/group-commit');

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
