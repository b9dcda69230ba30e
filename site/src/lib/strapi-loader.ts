/**
 * Astro content-layer loader for one CMS content type. Stores each entry as validated by its
 * definition (unknown keys dropped), markdown unrendered: pages render it, so the data store
 * does not hold the text twice. Entries whose digest did not change are not rewritten.
 */
import type { Loader } from 'astro/loaders';
import { entrySchema, type ContentTypeName } from '@iro/content-types';
import { CMS_URL } from '../consts';
import { fetchAllEntries } from './cms-client';

export function strapiLoader(name: ContentTypeName): Loader {
  return {
    name: `strapi:${name}`,
    schema: entrySchema(name),
    async load({ store, logger, generateDigest }) {
      const entries = await fetchAllEntries(name, { cmsUrl: CMS_URL });
      const seen = new Set<string>();
      let changed = 0;
      for (const entry of entries) {
        const id = 'slug' in entry && typeof entry.slug === 'string' ? entry.slug : entry.documentId;
        seen.add(id);
        const data = entry as unknown as Record<string, unknown>;
        if (store.set({ id, data, digest: generateDigest(data) })) changed++;
      }
      for (const id of store.keys()) if (!seen.has(id)) store.delete(id);
      logger.info(`${entries.length} ${name} entries (${changed} changed)`);
    },
  };
}
