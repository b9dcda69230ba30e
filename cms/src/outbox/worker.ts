/**
 * The outbox worker: sends queued new-post e-mails in batches over the e-mail plugin's pooled
 * SMTP connection (which applies the rate limit), in every CMS instance that serves requests.
 *
 * - Claiming: a batch of due rows gets a random claim token and a lease in one conditional
 *   UPDATE (only rows that are pending, due and unleased), so two workers, in one CMS or in
 *   several sharing PostgreSQL, never claim the same row. The lease is renewed while the batch
 *   is sent; a CMS that dies stops renewing it, and the next worker takes the rows once it lapses.
 * - Exactly once: a row is marked sent as soon as the relay has answered 250 to its DATA, in one
 *   UPDATE for the messages accepted meanwhile (a group commit: no timer, the window is one
 *   database write). A message the relay never accepted stays pending and is sent again; only a
 *   crash between the relay's 250 and that write sends a message twice, and the copy carries the
 *   same Message-ID (new-post-mail.ts).
 * - Failures: a 4xx answer or a lost connection is retried with exponential back-off; a 5xx
 *   answer, or too many attempts, marks the row failed with the relay's words. Followers who
 *   unsubscribed (or were deleted) before their turn, and posts unpublished or deleted meanwhile,
 *   are skipped, never sent.
 */
import { randomUUID } from 'node:crypto';
import type { Core } from '@strapi/strapi';
import { siteUrl } from '../forms/http';
import { newPostMail, type NewPost } from './new-post-mail';
import { notificationUid, outboxUid, postWithdrawn, refreshCounts } from './queue';
import { backoffMs, outboxSettings, type OutboxSettings } from './settings';

const postUid = 'api::post.post';
const subscriberUid = 'api::subscriber.subscriber';

interface OutboxRow {
  id: number;
  postDocumentId: string;
  subscriberDocumentId: string;
  attempts: number;
}

interface SmtpError extends Error {
  code?: string;
  responseCode?: number;
  response?: string;
}

/** A 5xx answer is final, and so is a message nodemailer cannot address; anything else (4xx, no connection) may pass later. */
const isPermanent = (error: SmtpError) =>
  typeof error.responseCode === 'number' ? error.responseCode >= 500 : error.code === 'EENVELOPE' || error.code === 'EMESSAGE';

const describe = (error: SmtpError) => (error.response ?? `${error.code ? `${error.code}: ` : ''}${error.message}`).slice(0, 1000);

/** Column values that end a claim. */
const released = { leaseOwner: null, leaseExpiresAt: null };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const unique = <T>(values: T[]) => [...new Set(values)];

export class OutboxWorker {
  private running = false;
  private stopping = false;
  private loop: Promise<void> | undefined;
  private wakeUp: (() => void) | undefined;
  private woken = false;
  /** Rows the relay accepted whose "sent" is not written yet, and the write in progress. */
  private accepted: number[] = [];
  private marking: Promise<void> | undefined;

  constructor(
    private readonly strapi: Core.Strapi,
    readonly settings: OutboxSettings = outboxSettings(),
  ) {}

  private get rows() {
    return this.strapi.db.query(outboxUid as never);
  }

  /** Starts sending in the background: now, whenever woken, and every `idlePollMs` while idle. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.stopping = false;
    this.loop = this.run();
  }

  /** Something was queued: look now rather than at the next poll. */
  wake(): void {
    const wakeUp = this.wakeUp;
    this.wakeUp = undefined;
    if (wakeUp) wakeUp();
    else this.woken = true;
  }

  /** Lets the messages already handed to SMTP finish and be marked, releases the rest of the batch, and stops. */
  async stop(): Promise<void> {
    this.running = false;
    this.stopping = true;
    this.wake();
    await this.loop;
    this.loop = undefined;
  }

  private async run(): Promise<void> {
    while (this.running) {
      let handled = 0;
      try {
        handled = await this.sendBatch();
      } catch (error) {
        this.strapi.log.error(`Outbox: ${(error as Error).message}`);
      }
      if (handled === 0 && this.running) await this.idle();
    }
  }

  private idle(): Promise<void> {
    if (this.woken) {
      this.woken = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.wakeUp = undefined;
        resolve();
      }, this.settings.idlePollMs);
      this.wakeUp = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  /** Claims up to `batchSize` due rows for this worker alone; returns them and the claim token. */
  async claim(now = new Date()): Promise<{ token: string; batch: OutboxRow[] }> {
    const due = {
      state: 'pending',
      nextAttemptAt: { $lte: now },
      $or: [{ leaseExpiresAt: { $null: true } }, { leaseExpiresAt: { $lt: now } }],
    };
    const candidates: { id: number }[] = await this.rows.findMany({ where: due, select: ['id'], orderBy: { id: 'asc' }, limit: this.settings.batchSize });
    const token = randomUUID();
    if (candidates.length === 0) return { token, batch: [] };
    // The conditions are checked again row by row as the UPDATE takes each row's lock: a row
    // another worker claimed in between no longer matches and stays theirs.
    await this.rows.updateMany({
      where: { ...due, id: { $in: candidates.map((row) => row.id) } },
      data: { leaseOwner: token, leaseExpiresAt: new Date(now.getTime() + this.settings.leaseMs) },
    });
    const batch: OutboxRow[] = await this.rows.findMany({
      where: { leaseOwner: token },
      select: ['id', 'postDocumentId', 'subscriberDocumentId', 'attempts'],
      orderBy: { id: 'asc' },
    });
    return { token, batch };
  }

  /** Claims one batch and sends it; returns how many rows it handled (0: nothing was due). */
  async sendBatch(): Promise<number> {
    const { token, batch } = await this.claim();
    if (batch.length === 0) return 0;
    const postIds = unique(batch.map((row) => row.postDocumentId));
    const { subscribers, posts, published } = await this.lookUp(batch, postIds);
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

    const failures = await this.sendAll(token, toSend);
    await this.settleAccepted();
    const now = Date.now();
    for (const { row, error } of failures) {
      const attempts = row.attempts + 1;
      const final = isPermanent(error) || attempts >= this.settings.maxAttempts;
      await this.rows.updateMany({
        where: { id: row.id, leaseOwner: token },
        data: final
          ? { state: 'failed', attempts, lastError: describe(error), ...released }
          : { attempts, nextAttemptAt: new Date(now + backoffMs(this.settings, attempts)), lastError: describe(error), ...released },
      });
    }
    // Rows never handed to SMTP (stopping, or the lease was lost) go back for the next worker.
    await this.rows.updateMany({ where: { leaseOwner: token, state: 'pending' }, data: released });

    for (const postDocumentId of postIds) {
      const counts = await refreshCounts(this.strapi, postDocumentId);
      if (counts.finishedNow) {
        this.strapi.log.info(
          `New-post e-mails for "${posts.get(postDocumentId)?.title ?? postDocumentId}" done: ${counts.sent} sent, ${counts.failed} failed, ${counts.skipped} skipped.`,
        );
      }
    }
    return batch.length;
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

  /**
   * Hands the messages to the SMTP pool, `inFlight` at a time, while the lease holds and the
   * worker runs; marks each accepted one sent at once. Returns the failures.
   */
  private async sendAll(token: string, toSend: { row: OutboxRow; mail: ReturnType<typeof newPostMail> }[]) {
    const email = this.strapi.plugin('email').service('email') as { send(options: object): Promise<unknown> };
    const failures: { row: OutboxRow; error: SmtpError }[] = [];
    let next = 0;
    let leaseHeld = true;
    const renew = setInterval(() => {
      this.rows
        .updateMany({ where: { leaseOwner: token, state: 'pending' }, data: { leaseExpiresAt: new Date(Date.now() + this.settings.leaseMs) } })
        .then(({ count }: { count: number }) => {
          // Nothing of ours left while messages wait: the lease lapsed and another worker has them.
          if (count === 0 && next < toSend.length) leaseHeld = false;
        })
        .catch((error: Error) => this.strapi.log.warn(`Outbox: could not renew a lease: ${error.message}`));
    }, this.settings.leaseMs / 3);
    const lane = async () => {
      while (next < toSend.length && leaseHeld && !this.stopping) {
        const { row, mail } = toSend[next++]!;
        try {
          await email.send(mail);
          this.markAccepted(row.id);
        } catch (error) {
          failures.push({ row, error: error as SmtpError });
        }
      }
    };
    try {
      await Promise.all(Array.from({ length: Math.min(this.settings.inFlight, toSend.length) }, lane));
    } finally {
      clearInterval(renew);
    }
    if (!leaseHeld) this.strapi.log.warn('Outbox: a batch\'s lease lapsed while sending; its remaining messages are left to the worker that took them.');
    return failures;
  }

  /** Accepted by the relay: written as sent with the others accepted meanwhile, one UPDATE at a time. */
  private markAccepted(id: number): void {
    this.accepted.push(id);
    this.marking ??= this.writeAccepted();
  }

  private async writeAccepted(): Promise<void> {
    try {
      let failures = 0;
      while (this.accepted.length > 0) {
        const ids = this.accepted.splice(0);
        try {
          await this.rows.updateMany({ where: { id: { $in: ids }, state: 'pending' }, data: { state: 'sent', sentAt: new Date(), lastError: null, ...released } });
        } catch (error) {
          // The relay has these: never drop them silently. Retry a few times, then say so.
          if (++failures > 5) {
            this.strapi.log.error(`Outbox: ${ids.length} sent e-mails could not be marked sent (${(error as Error).message}); they will be sent again.`);
            continue;
          }
          this.accepted.unshift(...ids);
          await sleep(500 * failures);
        }
      }
    } finally {
      this.marking = undefined;
    }
  }

  private async settleAccepted(): Promise<void> {
    while (this.marking || this.accepted.length > 0) await (this.marking ??= this.writeAccepted());
  }
}
