/**
 * The outbox in a CMS process: per Strapi instance, one worker for new-post e-mails and one for
 * notices (notices.ts). They start when the CMS starts listening for requests, so one-off scripts
 * that load Strapi (the seed, creating the first editor) never send mail, and they stop, letting
 * the messages in flight finish, before Strapi shuts down. Every CMS instance runs them; they
 * share the rows safely (see mail-queue-worker.ts).
 */
import type { Core } from '@strapi/strapi';
import { onePerStrapi } from './mail-queue-worker';
import { noticeWorker } from './notices';
import { OutboxWorker } from './worker';

export const outboxWorker = onePerStrapi((strapi) => new OutboxWorker(strapi));

export function runOutboxWhileServing(strapi: Core.Strapi): void {
  strapi.server.httpServer.once('listening', () => {
    outboxWorker(strapi).start();
    noticeWorker(strapi).start();
  });
}

export async function stopOutbox(strapi: Core.Strapi): Promise<void> {
  await Promise.all([outboxWorker(strapi).stop(), noticeWorker(strapi).stop()]);
  // The pooled SMTP connections would otherwise stay open after Strapi is gone.
  (strapi.plugin('email') as { provider?: { close?: () => void } } | undefined)?.provider?.close?.();
}

export { forgetSubscriber, queueNewPost, recordAlreadyPublished, refreshCounts, resumeWithdrawn } from './queue';
export { noticeWorker, NoticeWorker, noticeUid } from './notices';
export { OutboxWorker } from './worker';
