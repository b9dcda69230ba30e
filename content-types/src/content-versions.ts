/**
 * The CMS's list of what is published, for the site build to fetch only what changed since its
 * last build (`GET /api/site-build/content-versions?types=post,topic`). It carries no content:
 * for each asked public type, each published entry's documentId and a version stamp that changes
 * whenever its published version does (Strapi makes a new row on every publish, and updates the
 * row's time on any change); and one digest of the media library, which changes when any file
 * (its alternative text, caption, the file itself) does.
 */
import { z } from 'zod';

export const contentVersionsSchema = z.object({
  /** Per content type's singular name: `[documentId, stamp]` of every published entry. */
  types: z.record(z.string(), z.array(z.tuple([z.string(), z.string()]))),
  /** Digest of every file of the media library. */
  media: z.string(),
});

export type ContentVersions = z.infer<typeof contentVersionsSchema>;
