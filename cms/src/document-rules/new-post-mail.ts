import type { Core, Modules } from '@strapi/strapi';
import { outboxWorker, queueNewPost } from '../outbox';

/**
 * When a post is published for the first time, its e-mails to every confirmed follower are
 * queued in the same transaction as the publish: the admin's Publish, the REST API's
 * `status=published`, the seed and any plugin alike. A later publish (after an edit, or after
 * unpublishing) finds the post's e-mail already queued and queues nothing.
 */
export function announceNewPost(strapi: Core.Strapi): Modules.Documents.Middleware.Middleware {
  return async (context, next) => {
    if (context.uid !== 'api::post.post') return next();
    const params = context.params as { documentId?: string; status?: string };
    const publishes = context.action === 'publish' || (['create', 'update'].includes(context.action) && params.status === 'published');
    if (!publishes) return next();

    return strapi.db.transaction(async ({ onCommit }) => {
      const result = await next();
      const documentId = params.documentId ?? (result as { documentId?: string } | null)?.documentId;
      if (documentId && (await queueNewPost(strapi, documentId))) onCommit(() => outboxWorker(strapi).wake());
      return result;
    });
  };
}
