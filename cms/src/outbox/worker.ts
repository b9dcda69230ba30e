/**
 * The new-post outbox's worker (see mail-queue-worker.ts for claiming, leases, exactly-once and
 * retries): each row is one post to one follower, whose address is read when sending. Followers
 * who unsubscribed (or were deleted) before their turn, and posts unpublished or deleted
 * meanwhile, are skipped, never sent. A copy sent twice after a crash carries the same Message-ID
 * (new-post-mail.ts). After each batch, the posts' counts editors read are brought up to date.
 */
import type { Core } from '@strapi/strapi';
import { siteUrl } from '../forms/http';
import { MailQueueWorker, released } from './mail-queue-worker';
import { newPostMail, type NewPost } from './new-post-mail';
import { notificationUid, outboxUid, postWithdrawn, refreshCounts } from './queue';
import { outboxSettings, type OutboxSettings } from './settings';

const postUid = 'api::post.post';
const subscriberUid = 'api::subscriber.subscriber';

interface OutboxRow {
  id: number;
  postDocumentId: string;
  subscriberDocumentId: string;
  attempts: number;
}

const unique = <T>(values: T[]) => [...new Set(values)];

export class OutboxWorker extends MailQueueWorker<OutboxRow> {
  protected readonly name = 'Outbox';
  /** The batch being sent's posts, for the log line when one finishes. */
  private titles = new Map<string, string>();

  constructor(strapi: Core.Strapi, settings: OutboxSettings = outboxSettings()) {
    super(strapi, outboxUid, ['id', 'postDocumentId', 'subscriberDocumentId', 'attempts'], settings);
  }

  protected async prepare(batch: OutboxRow[], token: string) {
    const postIds = unique(batch.map((row) => row.postDocumentId));
    const { subscribers, posts, published } = await this.lookUp(batch, postIds);
    this.titles = new Map([...posts].map(([id, post]) => [id, post.title]));
    const follow = this.strapi.service('api::subscriber.follow' as never) as any;
    const siteName: string = await follow.siteName();
    const site = siteUrl();

    const skipped = new Map<string, number[]>();
    const toSend: { row: OutboxRow; mail: ReturnType<typeof newPostMail> }[] = [];
    for (const row of batch) {
      const subscriber = subscribers.get(row.subscriberDocumentId);
      const post = posts.get(row.postDocumentId);
      const reason = !post
        ? 'The post\'s New-post e-mail entry was deleted.'
        : !published.has(row.postDocumentId)
          ? postWithdrawn
          : !subscriber
            ? 'The follower was deleted before their turn.'
            : subscriber.status !== 'confirmed'
              ? 'The follower unsubscribed before their turn.'
              : undefined;
      if (reason) {
        skipped.set(reason, [...(skipped.get(reason) ?? []), row.id]);
        continue;
      }
      const mail = newPostMail({
        post: post!,
        to: subscriber!.email,
        subscriberDocumentId: row.subscriberDocumentId,
        siteName,
        siteUrl: site,
        unsubscribe: follow.unsubscribeLink(row.subscriberDocumentId),
        manage: follow.manageLink(row.subscriberDocumentId),
      });
      toSend.push({ row, mail });
    }
    for (const [reason, ids] of skipped) {
      await this.rows.updateMany({ where: { id: { $in: ids }, leaseOwner: token }, data: { state: 'skipped', lastError: reason, ...released } });
    }
    return toSend;
  }

  protected async settleSent(ids: number[]): Promise<void> {
    await this.rows.updateMany({ where: { id: { $in: ids }, state: 'pending' }, data: { state: 'sent', sentAt: new Date(), lastError: null, ...released } });
  }

  protected override async afterBatch(batch: OutboxRow[]): Promise<void> {
    for (const postDocumentId of unique(batch.map((row) => row.postDocumentId))) {
      const counts = await refreshCounts(this.strapi, postDocumentId);
      if (counts.finishedNow) {
        this.strapi.log.info(
          `New-post e-mails for "${this.titles.get(postDocumentId) ?? postDocumentId}" done: ${counts.sent} sent, ${counts.failed} failed, ${counts.skipped} skipped.`,
        );
      }
    }
  }

  protected override async tidy(now: Date): Promise<void> {
    const removed = await this.pruneFinished(now);
    if (removed > 0) this.strapi.log.info(`Outbox: removed ${removed} rows of posts whose e-mails all went out over ${this.settings.keepSentMs / 86_400_000} days ago.`);
  }

  /**
   * Removes the rows of posts whose e-mails all went out more than `keepSentMs` ago: who was sent
   * which post is the followers' data, and at 10,000 followers a post's rows take megabytes. The
   * post's counts in "New-post e-mails" stay, and nothing recounts them once its rows are gone. A
   * post withdrawn mid-send keeps its rows: published again, the e-mails skipped meanwhile are due
   * again (`resumeWithdrawn`). Returns how many rows went.
   */
  async pruneFinished(now = new Date()): Promise<number> {
    const before = new Date(now.getTime() - this.settings.keepSentMs);
    const finished: { postDocumentId: string }[] = await this.strapi.db
      .query(notificationUid as never)
      .findMany({ where: { finishedAt: { $lt: before } }, select: ['postDocumentId'] });
    let removed = 0;
    for (let start = 0; start < finished.length; start += 500) {
      const posts = finished.slice(start, start + 500).map((row) => row.postDocumentId);
      const withdrawn: { postDocumentId: string }[] = await this.rows.findMany({
        where: { postDocumentId: { $in: posts }, state: 'skipped', lastError: postWithdrawn },
        select: ['postDocumentId'],
      });
      const keep = new Set(withdrawn.map((row) => row.postDocumentId));
      const { count } = await this.rows.deleteMany({ where: { postDocumentId: { $in: posts.filter((post) => !keep.has(post)) } } });
      removed += count;
    }
    return removed;
  }

  /** The batch's followers (address, status), posts (the e-mail's text) and which posts are still published. */
  private async lookUp(batch: OutboxRow[], postIds: string[]) {
    const db = this.strapi.db;
    const subscriberRows: { documentId: string; email: string; status: string }[] = await db.query(subscriberUid as never).findMany({
      where: { documentId: { $in: unique(batch.map((row) => row.subscriberDocumentId)) } },
      select: ['documentId', 'email', 'status'],
    });
    const postRows: NewPost[] = await db.query(notificationUid as never).findMany({
      where: { postDocumentId: { $in: postIds } },
      select: ['postDocumentId', 'title', 'slug', 'excerpt'],
    });
    const publishedRows: { documentId: string }[] = await db.query(postUid as never).findMany({
      where: { documentId: { $in: postIds }, publishedAt: { $notNull: true } },
      select: ['documentId'],
    });
    return {
      subscribers: new Map(subscriberRows.map((row) => [row.documentId, row])),
      posts: new Map(postRows.map((row) => [row.postDocumentId, row])),
      published: new Set(publishedRows.map((row) => row.documentId)),
    };
  }
}
