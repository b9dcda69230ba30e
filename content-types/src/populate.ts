/**
 * What the public API returns with each entry, decided on the server from the definitions:
 * every image, every component (with its own relations and images) and every relation marked
 * `populate`, one level deep (with only the related entry's `fields` when the relation names them). The CMS applies it to `find`/`findOne`, so the site gets a page
 * of entries with their nested data in one request.
 */
import { components, type ComponentUid } from './components/index.js';
import type { Attributes } from './model.js';
import { contentTypes, type ContentTypeName } from './types/index.js';

export type Populate = { [field: string]: true | { populate: Populate } | { fields: string[] } };

function populateFor(attributes: Attributes): Populate {
  const populate: Populate = {};
  for (const [name, field] of Object.entries(attributes)) {
    if (field.private) continue;
    if (field.kind === 'media') populate[name] = true;
    else if (field.kind === 'relation' && field.populate) {
      populate[name] = field.fields ? { fields: [...field.fields] } : true;
    } else if (field.kind === 'component') {
      const nested = populateFor(components[field.component as ComponentUid].attributes);
      populate[name] = Object.keys(nested).length > 0 ? { populate: nested } : true;
    }
  }
  return populate;
}

/** The `populate` query the CMS uses for a content type's public reads. */
export const populateOf = (name: ContentTypeName): Populate => populateFor(contentTypes[name].attributes);

/** What a content type's public reads carry from elsewhere: related entries' types, and media. */
export interface Embedded {
  types: ContentTypeName[];
  media: boolean;
}

function embeddedFrom(attributes: Attributes, found: { types: Set<ContentTypeName>; media: boolean }) {
  for (const field of Object.values(attributes)) {
    if (field.private) continue;
    if (field.kind === 'media') found.media = true;
    else if (field.kind === 'relation' && field.populate) found.types.add(field.target as ContentTypeName);
    else if (field.kind === 'component') embeddedFrom(components[field.component as ComponentUid].attributes, found);
  }
  return found;
}

/**
 * The types (and whether media) whose entries `populateOf(name)` embeds in `name`'s entries. When
 * one of those changes, `name`'s entries change in the API without their own update time
 * changing, so the site reads all of them again.
 */
export function embeddedIn(name: ContentTypeName): Embedded {
  const found = embeddedFrom(contentTypes[name].attributes, { types: new Set(), media: false });
  return { types: [...found.types].sort(), media: found.media };
}
