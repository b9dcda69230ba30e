/**
 * Notices: e-mails about what a visitor sent, to the people it is for (a region's leads, the
 * steering group, the membership secretary) or a receipt to the visitor. Each is queued as a
 * "Notice e-mail" row in the transaction that stores the submission, so the visitor is answered
 * without waiting for the mail relay, and a relay that is down or slow delays the e-mail instead
 * of losing it. The notice worker (one per CMS instance, as for new-post e-mails) sends the rows
 * and deletes each once the relay has accepted it: the submission itself stays in the admin.
 */
import type { Core } from '@strapi/strapi';
import { MailQueueWorker, onePerStrapi } from './mail-queue-worker';
import { newDocumentId } from './queue';
import { outboxSettings, type OutboxSettings } from './settings';

export const noticeUid = 'api::notice-email.notice-email';

export interface Notice {
  to: string[];
  /** The sender of the submission, so a reply goes straight to them. */
  replyTo?: { name: string; email: string };
  subject: string;
  /** Plain text only: what visitors typed is never put into HTML mail. */
  text: string;
}

interface NoticeRow {
  id: number;
  recipients: string;
  replyToName: string | null;
  replyToEmail: string | null;
  subject: string;
  body: string;
  attempts: number;
}

/** One line whatever a visitor typed: a line break in a header would start a new header. */
const oneLine = (value: string) => value.replace(/[\r\n]+/g, ' ');

/**
 * Queues notices in the current transaction (or in one of their own), one INSERT for all of them,
 * and wakes the worker once they are committed. A notice with nobody to send it to is logged,
 * since only editors can fix that.
 */
export async function queueNotices(strapi: Core.Strapi, notices: readonly Notice[]): Promise<void> {
  for (const notice of notices) {
    if (notice.to.length === 0) strapi.log.warn(`No address to send "${notice.subject}" to: set the contact address in the site settings.`);
  }
  const sendable = notices.filter((notice) => notice.to.length > 0);
  if (sendable.length === 0) return;
  const now = new Date();
  await strapi.db.transaction(async ({ onCommit }) => {
    await strapi.db.query(noticeUid as never).createMany({
      data: sendable.map((notice) => ({
        documentId: newDocumentId(strapi, noticeUid),
        recipients: notice.to.join(', '),
        replyToName: notice.replyTo ? oneLine(notice.replyTo.name) : null,
        replyToEmail: notice.replyTo?.email ?? null,
        subject: oneLine(notice.subject),
        body: notice.text,
        state: 'pending',
        attempts: 0,
        nextAttemptAt: now,
        createdAt: now,
        updatedAt: now,
      })),
    });
    onCommit(() => noticeWorker(strapi).wake());
  });
}

export class NoticeWorker extends MailQueueWorker<NoticeRow> {
  protected readonly name = 'Notice e-mails';

  constructor(strapi: Core.Strapi, settings: OutboxSettings = outboxSettings()) {
    super(strapi, noticeUid, ['id', 'recipients', 'replyToName', 'replyToEmail', 'subject', 'body', 'attempts'], settings);
  }

  protected async prepare(batch: NoticeRow[]) {
    return batch.map((row) => ({
      row,
      mail: {
        to: row.recipients.split(',').map((address) => address.trim()).filter(Boolean),
        // An address object, not a string: nodemailer encodes the name, so a comma or quote in what
        // a visitor typed as their name can never add an address or a header.
        ...(row.replyToEmail ? { replyTo: { name: row.replyToName ?? '', address: row.replyToEmail } } : {}),
        subject: row.subject,
        text: row.body,
      },
    }));
  }

  /** Sent: nothing of it is kept (the submission it was about stays in the admin). */
  protected async settleSent(ids: number[]): Promise<void> {
    await this.rows.deleteMany({ where: { id: { $in: ids } } });
  }

  protected override async afterBatch(_batch: NoticeRow[], failed: { row: NoticeRow; reason: string }[]): Promise<void> {
    for (const { row, reason } of failed) {
      this.strapi.log.error(`The e-mail "${row.subject}" could not be sent (${reason}); it is listed under Notice e-mails in the admin.`);
    }
  }

  protected override async tidy(now: Date): Promise<void> {
    const removed = await this.pruneFailed(now);
    if (removed > 0) this.strapi.log.info(`Notice e-mails: removed ${removed} that failed over ${this.settings.keepSentMs / 86_400_000} days ago.`);
  }

  /**
   * Removes e-mails that failed more than `keepSentMs` (MAIL_OUTBOX_KEEP_DAYS) ago: editors have
   * had that long to see them and send them again, and each is a copy of what a visitor sent,
   * kept no longer than it is of use. The submission itself stays. Returns how many went.
   */
  async pruneFailed(now = new Date()): Promise<number> {
    const before = new Date(now.getTime() - this.settings.keepSentMs);
    const { count } = await this.rows.deleteMany({ where: { state: 'failed', updatedAt: { $lt: before } } });
    return count;
  }
}

export const noticeWorker = onePerStrapi((strapi) => new NoticeWorker(strapi));
