/**
 * Astro content-layer loader for one CMS content type. Stores each entry as validated by its
 * definition (unknown keys dropped), markdown unrendered: pages render it, so the data store
 * does not hold the text twice. Entries whose digest did not change are not rewritten.
 */
import type { Loader } from 'astro/loaders';
import { entrySchema, publishedCommentSchema, type ContentTypeName, type PublishedComment } from '@iro/content-types';
import { CMS_PREVIEW_TOKEN, CMS_URL } from '../consts';
import { CmsLoadError, fetchAllEntries } from './cms-client';

/** Images (media with a mime type image/*) anywhere in an entry that lack alternative text. */
function imagesWithoutAlt(value: unknown, found: { name: string }[] = []): { name: string }[] {
  if (Array.isArray(value)) value.forEach((item) => imagesWithoutAlt(item, found));
  else if (value && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    if (typeof record.mime === 'string' && record.mime.startsWith('image/') && !record.alternativeText) found.push({ name: String(record.name) });
    else Object.values(record).forEach((item) => imagesWithoutAlt(item, found));
  }
  return found;
}

export function strapiLoader(name: ContentTypeName): Loader {
  return {
    name: `strapi:${name}`,
    schema: entrySchema(name),
    async load({ store, logger, generateDigest }) {
      const entries = await fetchAllEntries(name, { cmsUrl: CMS_URL, ...(CMS_PREVIEW_TOKEN ? { previewToken: CMS_PREVIEW_TOKEN } : {}) });
      const seen = new Set<string>();
      let changed = 0;
      for (const entry of entries) {
        const id = 'slug' in entry && typeof entry.slug === 'string' ? entry.slug : entry.documentId;
        seen.add(id);
        const data = entry as unknown as Record<string, unknown>;
        if (store.set({ id, data, digest: generateDigest(data) })) changed++;
      }
      for (const id of store.keys()) if (!seen.has(id)) store.delete(id);
      for (const entry of entries) {
        for (const media of imagesWithoutAlt(entry)) {
          logger.warn(`${name} "${'slug' in entry ? entry.slug : entry.documentId}": image "${media.name}" has no alt text; add it in the Media Library.`);
        }
      }
      logger.info(`${entries.length} ${name} entries (${changed} changed)`);
    },
  };
}

/**
 * Approved comments (the CMS's public projection: name, text, date, post), paged like the other
 * content and validated with the schema from content-types. Held, rejected and private ones never
 * leave the CMS.
 */
export function publishedCommentsLoader(): Loader {
  return {
    name: 'strapi:published-comments',
    schema: publishedCommentSchema,
    async load({ store, logger, generateDigest }) {
      const comments: PublishedComment[] = [];
      for (let page = 1, pageCount = 1; page <= pageCount; page++) {
        const url = `${CMS_URL}/api/forms/comments?page=${page}`;
        const response = await fetch(url).catch((error: Error) => {
          throw new CmsLoadError(`Comments: the CMS could not be reached at ${url} (${error.message}).`);
        });
        if (!response.ok) throw new CmsLoadError(`Comments: ${url} answered ${response.status}.`);
        const body = (await response.json()) as { data: unknown[]; meta: { pagination: { pageCount: number } } };
        pageCount = body.meta.pagination.pageCount;
        for (const [index, raw] of body.data.entries()) {
          const parsed = publishedCommentSchema.safeParse(raw);
          if (!parsed.success) throw new CmsLoadError(`Comments, page ${page} item ${index + 1}, field "${parsed.error.issues[0]?.path.join('.')}": ${parsed.error.issues[0]?.message}`);
          comments.push(parsed.data);
        }
      }
      store.clear();
      comments.forEach((comment, index) => {
        const data = comment as unknown as Record<string, unknown>;
        store.set({ id: String(index), data, digest: generateDigest(data) });
      });
      logger.info(`${comments.length} published comments`);
    },
  };
}
