/**
 * The outbox's rows: queueing a new post's e-mails, the counts editors read, and forgetting a
 * subscriber. A post is queued once, ever: its "New-post e-mail" entry is unique per post in the
 * database, and it is written in the same transaction as the first publish, together with one
 * outbox row per confirmed subscriber (unique per post and subscriber), so the publish and its
 * e-mails are stored together or not at all.
 */
import type { Core } from '@strapi/strapi';

export const outboxUid = 'api::outbox-message.outbox-message';
export const notificationUid = 'api::post-notification.post-notification';
const postUid = 'api::post.post';
const subscriberUid = 'api::subscriber.subscriber';

/** Rows per INSERT: SQLite takes at most 500 rows in one (Strapi's own batch size there). */
const rowsPerInsert = 500;

export type OutboxState = 'pending' | 'sent' | 'failed' | 'skipped';

/** A new documentId as Strapi makes them, for rows written with the query engine (which leaves it to the Document Service). */
export const newDocumentId = (strapi: Core.Strapi, uid: string): string =>
  (strapi.db.metadata.get(uid as never).attributes.documentId as unknown as { default: () => string }).default();

/**
 * Queues the e-mails of a post that is published now, unless it was queued before. Run it inside
 * the transaction that publishes the post. Returns how many e-mails were queued, or undefined if
 * the post is not published or had its e-mails queued already.
 */
export async function queueNewPost(strapi: Core.Strapi, postDocumentId: string, now = new Date()): Promise<number | undefined> {
  const post = await strapi.db
    .query(postUid as never)
    .findOne({ where: { documentId: postDocumentId, publishedAt: { $notNull: true } }, select: ['title', 'slug', 'excerpt'] });
  if (!post) return undefined;
  const subscribers: { documentId: string }[] = await strapi.db
    .query(subscriberUid as never)
    .findMany({ where: { status: 'confirmed' }, select: ['documentId'], orderBy: { id: 'asc' } });

  const stamps = { createdAt: now, updatedAt: now, publishedAt: now };
  // The database decides whether this is the first publish: a second insert for the post is ignored.
  const claimed = await insertNotifications(strapi, [notificationRow(strapi, { documentId: postDocumentId, ...post }, subscribers.length, now)]);
  if (claimed.length === 0) return undefined;

  for (let start = 0; start < subscribers.length; start += rowsPerInsert) {
    const rows = subscribers.slice(start, start + rowsPerInsert).map((subscriber) => ({
      documentId: newDocumentId(strapi, outboxUid),
      postDocumentId,
      subscriberDocumentId: subscriber.documentId,
      state: 'pending',
      attempts: 0,
      nextAttemptAt: now,
      ...stamps,
    }));
    await strapi.db
      .queryBuilder(outboxUid as never)
      .insert(rows)
      .onConflict(['post_document_id', 'subscriber_document_id'])
      .ignore()
      .execute();
  }
  return subscribers.length;
}

/** Why an e-mail was skipped when its post was unpublished (or deleted) before its turn. */
export const postWithdrawn = 'The post was unpublished or deleted before this e-mail\'s turn.';

/**
 * A post published again after it was unpublished mid-send: the e-mails skipped because it was
 * withdrawn are due again, so every follower still gets it once (whoever unsubscribed meanwhile is
 * skipped as usual). Returns how many are due again.
 */
export async function resumeWithdrawn(strapi: Core.Strapi, postDocumentId: string, now = new Date()): Promise<number> {
  const { count } = await strapi.db
    .query(outboxUid as never)
    .updateMany({ where: { postDocumentId, state: 'skipped', lastError: postWithdrawn }, data: { state: 'pending', nextAttemptAt: now, lastError: null } });
  if (count > 0) {
    await strapi.db.query(notificationUid as never).updateMany({ where: { postDocumentId }, data: { finishedAt: null } });
    await refreshCounts(strapi, postDocumentId, now);
  }
  return count;
}

/** A post's "New-post e-mail" row, as first written: `recipients` e-mails pending (none: finished). */
function notificationRow(strapi: Core.Strapi, post: { documentId: string; title: string; slug: string; excerpt?: string | null }, recipients: number, now: Date) {
  return {
    documentId: newDocumentId(strapi, notificationUid),
    postDocumentId: post.documentId,
    title: post.title,
    slug: post.slug,
    excerpt: post.excerpt ?? null,
    recipients,
    sent: 0,
    pending: recipients,
    failed: 0,
    skipped: 0,
    queuedAt: now,
    finishedAt: recipients === 0 ? now : null,
    createdAt: now,
    updatedAt: now,
    publishedAt: now,
  };
}

/** Writes "New-post e-mail" rows, leaving out any post that has one already; returns those written. */
const insertNotifications = (strapi: Core.Strapi, rows: ReturnType<typeof notificationRow>[]): Promise<unknown[]> =>
  strapi.db.queryBuilder(notificationUid as never).insert(rows).onConflict(['post_document_id']).ignore().execute();

/**
 * Records every post already published as having had its e-mail (to nobody), so that a CMS whose
 * posts were published before it had an outbox (an upgrade, or a database restored from before)
 * does not e-mail its followers when an editor re-publishes an old post. Run at every boot: when
 * nothing is missing it is two reads of ids.
 */
export async function recordAlreadyPublished(strapi: Core.Strapi, now = new Date()): Promise<number> {
  const ids = async (uid: string, column: string, where: object = {}) =>
    new Set(((await strapi.db.query(uid as never).findMany({ where, select: [column] })) as Record<string, string>[]).map((row) => row[column]!));
  const recorded = await ids(notificationUid, 'postDocumentId');
  const missing = [...(await ids(postUid, 'documentId', { publishedAt: { $notNull: true } }))].filter((documentId) => !recorded.has(documentId));
  for (let start = 0; start < missing.length; start += rowsPerInsert) {
    const posts: { documentId: string; title: string; slug: string; excerpt: string | null }[] = await strapi.db.query(postUid as never).findMany({
      where: { documentId: { $in: missing.slice(start, start + rowsPerInsert) }, publishedAt: { $notNull: true } },
      select: ['documentId', 'title', 'slug', 'excerpt'],
    });
    await insertNotifications(strapi, posts.map((post) => notificationRow(strapi, post, 0, now)));
  }
  return missing.length;
}

/** Brings a post's counts in "New-post e-mails" up to date with its outbox rows; says whether that finished it. */
export async function refreshCounts(strapi: Core.Strapi, postDocumentId: string, now = new Date()) {
  const rows = strapi.db.query(outboxUid as never);
  const count = (state: OutboxState): Promise<number> => rows.count({ where: { postDocumentId, state } });
  // One after another: inside a transaction they share one connection.
  const sent = await count('sent');
  const pending = await count('pending');
  const failed = await count('failed');
  const skipped = await count('skipped');
  const notifications = strapi.db.query(notificationUid as never);
  await notifications.updateMany({ where: { postDocumentId }, data: { sent, pending, failed, skipped, updatedAt: now } });
  const finished = pending === 0 ? await notifications.updateMany({ where: { postDocumentId, finishedAt: { $null: true } }, data: { finishedAt: now } }) : { count: 0 };
  return { sent, pending, failed, skipped, finishedNow: finished.count > 0 };
}

/**
 * Removes a subscriber's outbox rows (for deleting a person's data): their address was never
 * stored there, but which posts they were sent is theirs too. Returns the posts affected, whose
 * counts are brought up to date.
 */
export async function forgetSubscriber(strapi: Core.Strapi, subscriberDocumentId: string): Promise<string[]> {
  const rows = strapi.db.query(outboxUid as never);
  const posts = [...new Set((await rows.findMany({ where: { subscriberDocumentId }, select: ['postDocumentId'] })).map((row: { postDocumentId: string }) => row.postDocumentId))];
  await rows.deleteMany({ where: { subscriberDocumentId } });
  for (const post of posts) await refreshCounts(strapi, post);
  return posts;
}
