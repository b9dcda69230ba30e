/**
 * What the public API returns with each entry, decided on the server from the definitions:
 * every image, every component (with its own relations and images) and every relation marked
 * `populate`, one level deep. The CMS applies it to `find`/`findOne`, so the site gets a page
 * of entries with their nested data in one request.
 */
import { components, type ComponentUid } from './components/index.js';
import type { Attributes } from './model.js';
import { contentTypes, type ContentTypeName } from './types/index.js';

export type Populate = { [field: string]: true | { populate: Populate } };

function populateFor(attributes: Attributes): Populate {
  const populate: Populate = {};
  for (const [name, field] of Object.entries(attributes)) {
    if (field.private) continue;
    if (field.kind === 'media' || (field.kind === 'relation' && field.populate)) {
      populate[name] = true;
    } else if (field.kind === 'component') {
      const nested = populateFor(components[field.component as ComponentUid].attributes);
      populate[name] = Object.keys(nested).length > 0 ? { populate: nested } : true;
    }
  }
  return populate;
}

/** The `populate` query the CMS uses for a content type's public reads. */
export const populateOf = (name: ContentTypeName): Populate => populateFor(contentTypes[name].attributes);
