import { factories } from '@strapi/strapi';
import { askedTypes, contentVersions } from '../../../public-api/content-versions';
import { buildReportSchema, fromSiteBuilder } from './report-validation';

export default factories.createCoreController('api::site-build.site-build', ({ strapi }) => ({
  /** Stores the builder's report on the Site build entry editors see in the admin. */
  async report(ctx) {
    if (!fromSiteBuilder(ctx.request.headers.authorization)) return ctx.unauthorized('The site builder secret is missing or wrong.');
    const parsed = buildReportSchema.safeParse(ctx.request.body);
    if (!parsed.success) {
      return ctx.badRequest('Invalid build report', {
        errors: parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })),
      });
    }
    const documents = strapi.documents('api::site-build.site-build');
    const current = await documents.findFirst();
    if (current) await documents.update({ documentId: current.documentId, data: parsed.data as never });
    else await documents.create({ data: parsed.data as never });
    ctx.status = 204;
  },

  /** What is published of the asked public types, for the site build to fetch only what changed. */
  async contentVersions(ctx) {
    const names = askedTypes(ctx.query.types);
    if (typeof names === 'string') return ctx.badRequest(names);
    ctx.body = await contentVersions(strapi, names);
  },
}));
