import type { Core, Modules } from '@strapi/strapi';

/**
 * A person's e-mail address is private; `publicEmail` carries it only while "show e-mail" is
 * ticked. Kept here, in a Document Service middleware, so it holds for the admin, the API,
 * the seed and any plugin alike.
 */
export function personPublicEmail(strapi: Core.Strapi): Modules.Documents.Middleware.Middleware {
  return async (context, next) => {
    if (context.uid !== 'api::person.person' || !['create', 'update'].includes(context.action)) return next();
    const params = context.params as { data?: Record<string, unknown>; documentId?: string };
    const data = params.data;
    if (!data || (!('email' in data) && !('showEmail' in data))) return next();

    let { email, showEmail } = data as { email?: string | null; showEmail?: boolean };
    if (context.action === 'update' && (email === undefined || showEmail === undefined)) {
      const current = await strapi.db
        .query('api::person.person')
        .findOne({ where: { documentId: params.documentId }, select: ['email', 'showEmail'] });
      email ??= current?.email ?? null;
      showEmail ??= current?.showEmail ?? false;
    }
    data.publicEmail = showEmail && email ? email : null;
    return next();
  };
}
