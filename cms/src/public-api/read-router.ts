import { factories } from '@strapi/strapi';
import type { UID } from '@strapi/strapi';
import { contentTypes, populateOf, type ContentTypeName } from '@iro/content-types';

/**
 * The public REST routes of a public content type: reads only (editors write in the admin).
 * The server decides two things a visitor's query may not:
 * - population, from the definition, so the site gets nested data (chairs, sessions, articles,
 *   images) in one request per page and cannot ask for more;
 * - the status: Strapi's REST API would hand drafts to anyone who asks `?status=draft`. Only a
 *   request with an API token (the draft preview's, scoped to reads of public types) may ask.
 */
export function publicReadRouter(name: ContentTypeName) {
  const populate = populateOf(name);
  const publishedWithServerPopulate = async (
    ctx: { query: Record<string, unknown>; state: { auth?: { strategy?: { name?: string } } } },
    next: () => Promise<void>,
  ) => {
    ctx.query.populate = populate;
    if (ctx.state.auth?.strategy?.name !== 'content-api-token') ctx.query.status = 'published';
    await next();
  };
  const read = { middlewares: [publishedWithServerPopulate] };
  return factories.createCoreRouter(`api::${name}.${name}` as UID.ContentType, {
    only: contentTypes[name].kind === 'singleType' ? ['find'] : ['find', 'findOne'],
    config: { find: read, findOne: read },
  });
}
