/**
 * The outbox in a CMS process: one worker per Strapi instance. It starts when the CMS starts
 * listening for requests, so one-off scripts that load Strapi (the seed, creating the first
 * editor) never send mail, and it stops, letting the messages in flight finish, before Strapi
 * shuts down. Every CMS instance runs one; they share the rows safely (see worker.ts).
 */
import type { Core } from '@strapi/strapi';
import { OutboxWorker } from './worker';

const workers = new WeakMap<Core.Strapi, OutboxWorker>();

export function outboxWorker(strapi: Core.Strapi): OutboxWorker {
  let worker = workers.get(strapi);
  if (!worker) {
    worker = new OutboxWorker(strapi);
    workers.set(strapi, worker);
  }
  return worker;
}

export function runOutboxWhileServing(strapi: Core.Strapi): void {
  strapi.server.httpServer.once('listening', () => outboxWorker(strapi).start());
}

export async function stopOutbox(strapi: Core.Strapi): Promise<void> {
  await workers.get(strapi)?.stop();
  // The pooled SMTP connections would otherwise stay open after Strapi is gone.
  (strapi.plugin('email') as { provider?: { close?: () => void } } | undefined)?.provider?.close?.();
}

export { forgetSubscriber, queueNewPost, recordAlreadyPublished, refreshCounts, resumeWithdrawn } from './queue';
export { OutboxWorker } from './worker';
