import type { Core, Modules } from '@strapi/strapi';
import { forgetSubscriber, outboxWorker, queueNewPost, resumeWithdrawn } from '../outbox';

/**
 * The outbox's rules, whatever the entry point (the admin's Publish, the API's
 * `status=published`, the seed, a script; the admin, a follower's own page or a personal data
 * request deleting a follower):
 * - when a post is published for the first time, its e-mails to every confirmed follower are
 *   queued in the same transaction as the publish; a later publish (after an edit, or after
 *   unpublishing) finds them queued already and queues nothing, except that e-mails skipped
 *   because the post was unpublished before their turn are due again;
 * - when a follower is deleted, their outbox rows go too: which posts they were sent is theirs.
 */
export function newPostMail(strapi: Core.Strapi): Modules.Documents.Middleware.Middleware {
  return async (context, next) => {
    const params = context.params as { documentId?: string; status?: string };
    if (context.uid === 'api::subscriber.subscriber' && context.action === 'delete' && params.documentId) {
      const documentId = params.documentId;
      return strapi.db.transaction(async () => {
        const result = await next();
        await forgetSubscriber(strapi, documentId);
        return result;
      });
    }
    if (context.uid !== 'api::post.post') return next();
    const publishes = context.action === 'publish' || (['create', 'update'].includes(context.action) && params.status === 'published');
    if (!publishes) return next();

    return strapi.db.transaction(async ({ onCommit }) => {
      const result = await next();
      const documentId = params.documentId ?? (result as { documentId?: string } | null)?.documentId;
      // Queued for the first time, or e-mails skipped while it was unpublished are due again.
      const due = documentId ? ((await queueNewPost(strapi, documentId)) ?? (await resumeWithdrawn(strapi, documentId))) : 0;
      if (due) onCommit(() => outboxWorker(strapi).wake());
      return result;
    });
  };
}
