/**
 * What the forms read on every submission and editors change rarely: the site settings, a
 * published post's comment switch and a published course's dates. Under load the first two were
 * a third of a comment's queries, so they are kept in memory, dropped as soon as an editor changes
 * a setting, a post or a course through the Document Service (whatever the entry point: admin,
 * REST, scripts), and in any case after a few seconds, which bounds how stale they can be where
 * the change happened in another CMS instance or through a raw query.
 */
import type { Entry } from '@iro/content-types';
import type { Core, Modules } from '@strapi/strapi';
import { LRUCache } from 'lru-cache';

const settingsUid = 'api::site-setting.site-setting';
const postUid = 'api::post.post';
const courseUid = 'api::training-course.training-course';

/** How long a read may be reused when nothing in this process said it changed. */
const maxAgeMs = 5_000;

export interface FormSiteSettings {
  shortName?: string;
  contactEmail?: string;
  membershipEmail?: string | null;
  moderationKeywords?: string | null;
  autoApproveReturningCommenters?: boolean;
}

/** A published post as the comment form needs it; null when there is no such published post. */
export type CommentTarget = { commentsOpen: boolean } | null;

/**
 * A published course as the booking form shows it (its title, link and dates, for the receipt and
 * the form's choices); null when there is no such published course. The places rule does not use
 * this: it reads the course afresh under the session's lock.
 */
export type BookableCourse = Pick<Entry<'training-course'>, 'title' | 'slug' | 'sessions'> | null;

// Values are wrapped: the cache cannot hold null, and "no such post" is worth remembering too.
const settingsCache = new LRUCache<'settings', { value: FormSiteSettings | null }>({ max: 1, ttl: maxAgeMs });
const postCache = new LRUCache<string, { value: CommentTarget }>({ max: 1_000, ttl: maxAgeMs });
const courseCache = new LRUCache<string, { value: BookableCourse }>({ max: 1_000, ttl: maxAgeMs });

async function cached<K extends {}, V>(cache: LRUCache<K, { value: V }>, key: K, read: () => Promise<V>): Promise<V> {
  const hit = cache.get(key);
  if (hit) return hit.value;
  const value = await read();
  cache.set(key, { value });
  return value;
}

/** The site settings (private fields included: this runs on the server). */
export const formSiteSettings = (): Promise<FormSiteSettings | null> =>
  cached(settingsCache, 'settings', async () => (await strapi.documents(settingsUid as never).findFirst()) as FormSiteSettings | null);

/** Whether a published post takes comments, or null if no post with that documentId is published. */
export const commentTarget = (documentId: string): Promise<CommentTarget> =>
  cached(postCache, documentId, async () => {
    const post = (await strapi.documents(postUid as never).findOne({ documentId, status: 'published', fields: ['commentsOpen'] } as never)) as {
      commentsOpen?: boolean;
    } | null;
    return post ? { commentsOpen: Boolean(post.commentsOpen) } : null;
  });

/** A published course and its dates, or null if no course with that documentId is published. */
export const bookableCourse = (documentId: unknown): Promise<BookableCourse> =>
  typeof documentId === 'string' && documentId
    ? cached(courseCache, documentId, async () =>
        (await strapi.documents(courseUid as never).findOne({ documentId, status: 'published', populate: { sessions: true } } as never)) as BookableCourse,
      )
    : Promise.resolve(null);

const readOnly = new Set(['findOne', 'findFirst', 'findMany', 'count']);

/** Document Service middleware: any write to the settings, a post or a course forgets what was read of them. */
export function forgetChangedReads(_strapi: Core.Strapi): Modules.Documents.Middleware.Middleware {
  return async (context, next) => {
    const result = await next();
    if (!readOnly.has(context.action)) {
      if (context.uid === settingsUid) settingsCache.clear();
      else if (context.uid === postUid) postCache.clear();
      else if (context.uid === courseUid) courseCache.clear();
    }
    return result;
  };
}
