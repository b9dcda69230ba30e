/**
 * What the outbox tests and the fan-out benchmark share: the CMS's outbox module as compiled,
 * many confirmed followers written straight to the database, and reading a post's counts.
 */
import type { Core } from '@strapi/strapi';
import { compiledModule } from './cms';

/** The outbox module as Strapi runs it: the compiled CMS. */
export const outbox = compiledModule<typeof import('../../src/outbox/index')>('outbox/index');

const subscriberUid = 'api::subscriber.subscriber';

/**
 * `count` confirmed followers `<prefix>-<n>@example.org`, inserted with the query engine in
 * batches (no consent records: sending never reads them). Returns their documentIds.
 */
export async function insertConfirmedSubscribers(strapi: Core.Strapi, count: number, prefix: string): Promise<string[]> {
  const now = new Date();
  const rows = strapi.db.query(subscriberUid as never);
  await strapi.db.transaction(async () => {
    for (let start = 0; start < count; start += 1000) {
      const data = Array.from({ length: Math.min(1000, count - start) }, (_, i) => ({
        email: `${prefix}-${start + i}@example.org`,
        status: 'confirmed',
        createdAt: now,
        updatedAt: now,
        publishedAt: now,
      }));
      await rows.createMany({ data });
    }
  });
  const inserted: { documentId: string }[] = await rows.findMany({ where: { email: { $startsWith: `${prefix}-` } }, select: ['documentId'] });
  return inserted.map((row) => row.documentId);
}

/** A post's "New-post e-mail" entry, as editors see it in the admin. */
export const postNotification = (strapi: Core.Strapi, postDocumentId: string): Promise<any> =>
  strapi.documents('api::post-notification.post-notification' as never).findFirst({ filters: { postDocumentId } } as never);

/** Polls `check` until it returns a value other than undefined/false, or fails after `timeoutMs`. */
export async function waitUntil<T>(what: string, check: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
