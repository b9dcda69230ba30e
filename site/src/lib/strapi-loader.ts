/**
 * Astro content-layer loader for one CMS content type. Stores each entry as validated by its
 * definition (unknown keys dropped), markdown unrendered: pages render it, so the data store
 * does not hold the text twice. Entries whose digest did not change are not rewritten.
 *
 * After a publish (CMS_SYNC=changes) it reads only what changed: it asks the CMS what is
 * published (documentIds and version stamps, one request), compares with what the last build
 * stored, reads the new and changed entries by documentId and drops the ones no longer published.
 * It reads everything instead when there is no record of a last build, when the type's definition
 * changed, or when a type its entries embed (a post's topics, region, author) or the media library
 * changed, since those change its entries without changing their stamps.
 *
 * Posts' bodies are stored outside the store, in a file of their own (`entry-texts.ts`); the file
 * and the store are written by the same sync, and a changes sync that finds them from different
 * syncs reads everything again.
 */
import type { Loader, LoaderContext } from 'astro/loaders';
import { z } from 'astro/zod';
import { randomUUID } from 'node:crypto';
import {
  components,
  contentTypes,
  embeddedIn,
  entrySchema,
  publishedCommentSchema,
  type ContentTypeName,
  type ContentVersions,
  type Entry,
  type PublishedComment,
} from '@iro/content-types';
import { CMS_PREVIEW_TOKEN, CMS_SYNC, CMS_URL } from '../consts';
import { CmsLoadError, fetchAllEntries, fetchContentVersions, fetchEntriesById } from './cms-client';
import { digest } from './digest';
import { readEntryTexts, textDigestField, textField, writeEntryTexts, type EntryTexts } from './entry-texts';

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

const digestOf = (value: unknown) => digest(JSON.stringify(value));

/** What the last build read, kept in the content layer's meta store beside the entries. */
interface SyncRecord {
  /** Digest of the type's definition (and the components): entries stored under another are read again. */
  definition: string;
  /** Digest of the versions of what the entries embed (related types, media). */
  embedded: string;
  /** documentId → [version stamp, id in the store] of every stored entry. */
  entries: Record<string, [string, string]>;
  /** The sync that wrote the texts file, for types whose bodies are kept outside the store. */
  texts?: string;
}
const syncRecordKey = 'cms-sync';

function readRecord(meta: LoaderContext['meta']): SyncRecord | undefined {
  try {
    return JSON.parse(meta.get(syncRecordKey) ?? '') as SyncRecord;
  } catch {
    return undefined;
  }
}

/**
 * The loader of one content type. `textsOutside`: keep each entry's markdown body in the texts
 * file instead of the store (for types with thousands of entries: posts).
 */
export function strapiLoader(name: ContentTypeName, { textsOutside = false } = {}): Loader {
  const embedded = embeddedIn(name);
  const definition = digestOf({ definition: contentTypes[name], components });
  const options = { cmsUrl: CMS_URL, ...(CMS_PREVIEW_TOKEN ? { previewToken: CMS_PREVIEW_TOKEN } : {}) };
  const storeId = (entry: Entry<ContentTypeName>) => ('slug' in entry && typeof entry.slug === 'string' ? entry.slug : entry.documentId);
  return {
    name: `strapi:${name}`,
    // What the store holds: with the body outside it, its digest in its place.
    schema: textsOutside ? (entrySchema(name) as unknown as z.ZodObject).omit({ [textField]: true }).extend({ [textDigestField]: z.string() }) : entrySchema(name),
    async load({ store, meta, logger, generateDigest }) {
      // Drafts (the preview server) have no versions: read everything, keep no record.
      const versions: ContentVersions | undefined = CMS_PREVIEW_TOKEN
        ? undefined
        : await fetchContentVersions(name, [name, ...embedded.types], options);
      const stamps = new Map(versions?.types[name] ?? []);
      const record: SyncRecord = {
        definition,
        embedded: digestOf({ types: embedded.types.map((type) => versions?.types[type]), media: embedded.media ? versions?.media : undefined }),
        entries: {},
      };
      let changed = 0;
      const previous = readRecord(meta);
      const previousTexts = textsOutside ? readEntryTexts(name) : undefined;
      /** The bodies, when kept outside the store: those the last sync wrote, updated as entries are read. */
      // Keyed by slug: no prototype, so a post called "constructor" or "__proto__" is just a key.
      const texts: EntryTexts | undefined = textsOutside ? { sync: randomUUID(), texts: Object.create(null) as Record<string, string> } : undefined;
      const put = (entry: Entry<ContentTypeName>) => {
        const id = storeId(entry);
        let data = entry as unknown as Record<string, unknown>;
        if (texts) {
          const { [textField]: text, ...rest } = data;
          texts.texts[id] = typeof text === 'string' ? text : '';
          data = { ...rest, [textDigestField]: digest(texts.texts[id]) };
        }
        if (store.set({ id, data, digest: generateDigest(data) })) changed++;
        record.entries[entry.documentId] = [stamps.get(entry.documentId) ?? '', id];
        for (const media of imagesWithoutAlt(entry)) {
          logger.warn(`${name} "${id}": image "${media.name}" has no alt text; add it in the Media Library.`);
        }
      };

      const why =
        CMS_SYNC !== 'changes' || !versions
          ? undefined
          : !previous
            ? 'no record of a last build'
            : previous.definition !== record.definition
              ? 'its definition changed'
              : previous.embedded !== record.embedded
                ? `${[...embedded.types, ...(embedded.media ? ['media'] : [])].join(', ')} changed`
                : !Object.values(previous.entries).every(([, id]) => store.has(id))
                  ? 'the store does not hold what the record says'
                  : texts && (!previousTexts || previousTexts.sync !== previous.texts)
                    ? 'the texts file is not the one written with the store'
                    : '';
      if (why === '' && previous) {
        for (const [documentId, [stamp, id]] of Object.entries(previous.entries)) {
          if (stamps.get(documentId) !== stamp) continue;
          const text = previousTexts && Object.hasOwn(previousTexts.texts, id) ? previousTexts.texts[id] : undefined;
          // Without its text (only if the file was changed by hand), the entry is read again.
          if (texts && text === undefined) continue;
          record.entries[documentId] = [stamp, id];
          if (texts) texts.texts[id] = text!;
        }
        const toRead = [...stamps.keys()].filter((documentId) => !record.entries[documentId]);
        const entries =
          toRead.length === 0 ? [] : contentTypes[name].kind === 'singleType' ? await fetchAllEntries(name, options) : await fetchEntriesById(name, toRead, options);
        entries.forEach(put);
        // Gone: unpublished or deleted entries, and the old ids of entries whose slug changed.
        const kept = new Set(Object.values(record.entries).map(([, id]) => id));
        const gone = Object.values(previous.entries).filter(([, id]) => !kept.has(id));
        for (const [, id] of gone) store.delete(id);
        logger.info(`${stamps.size} ${name} entries: read ${entries.length} new or changed, removed ${gone.length}; the rest unchanged since the last build`);
      } else {
        const entries = await fetchAllEntries(name, options);
        entries.forEach(put);
        const seen = new Set(Object.values(record.entries).map(([, id]) => id));
        for (const id of store.keys()) if (!seen.has(id)) store.delete(id);
        logger.info(`${entries.length} ${name} entries (${changed} changed)${why ? `; read them all: ${why}` : ''}`);
      }
      if (texts) {
        // Unchanged since the last sync: that file stays, and the record keeps naming it.
        const same = previousTexts && Object.keys(texts.texts).length === Object.keys(previousTexts.texts).length && Object.entries(texts.texts).every(([id, text]) => previousTexts.texts[id] === text);
        if (same) texts.sync = previousTexts.sync;
        else writeEntryTexts(name, texts);
        record.texts = texts.sync;
      }
      if (versions) meta.set(syncRecordKey, JSON.stringify(record));
      else meta.delete(syncRecordKey);
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
