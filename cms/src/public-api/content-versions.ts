import { createHash } from 'node:crypto';
import type { Core, UID } from '@strapi/strapi';
import { contentTypes, type ContentTypeName, type ContentVersions } from '@iro/content-types';

/** Public content types by singular name: the only ones whose versions are given out. */
const publicTypes = new Set((Object.keys(contentTypes) as ContentTypeName[]).filter((name) => contentTypes[name].audience === 'public'));

/** The public type names a request asks for (`?types=post,topic`), or an error in words. */
export function askedTypes(query: unknown): ContentTypeName[] | string {
  const asked = typeof query === 'string' && query ? query.split(',') : [];
  if (asked.length === 0) return 'Ask for one or more public content types: ?types=post,topic';
  const unknown = asked.filter((name) => !publicTypes.has(name as ContentTypeName));
  if (unknown.length > 0) return `Not a public content type: ${unknown.join(', ')}`;
  return [...new Set(asked)] as ContentTypeName[];
}

const time = (value: unknown) => new Date(value as string).getTime();

/**
 * What is published of each asked type, and a digest of the media library (see
 * content-types/src/content-versions.ts). Only published rows of public types, and only their
 * documentId, row id and update time, which the public API shows anyway; media files are reduced
 * to one digest, since private entries may hold files too.
 */
export async function contentVersions(strapi: Core.Strapi, names: ContentTypeName[]): Promise<ContentVersions> {
  const types: ContentVersions['types'] = {};
  for (const name of names) {
    const rows = (await strapi.db.query(`api::${name}.${name}` as UID.ContentType).findMany({
      select: ['id', 'documentId', 'updatedAt'],
      where: { publishedAt: { $notNull: true } },
      orderBy: { id: 'asc' },
    })) as { id: number; documentId: string; updatedAt: unknown }[];
    types[name] = rows.map((row) => [row.documentId, `${row.id}.${time(row.updatedAt)}`]);
  }
  const files = (await strapi.db.query('plugin::upload.file').findMany({ select: ['id', 'updatedAt'], orderBy: { id: 'asc' } })) as {
    id: number;
    updatedAt: unknown;
  }[];
  const media = createHash('sha256')
    .update(files.map((file) => `${file.id}.${time(file.updatedAt)}`).join(','))
    .digest('base64url');
  return { types, media };
}
