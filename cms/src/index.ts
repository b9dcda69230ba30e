import type { Core } from '@strapi/strapi';
import { personPublicEmail } from './document-rules/person-public-email';
import { applyPublicPermissions } from './public-api/permissions';
import { registerSiteBuilderWebhook } from './site-builder/webhook';

export default {
  register({ strapi }: { strapi: Core.Strapi }) {
    strapi.documents.use(personPublicEmail(strapi));
  },

  async bootstrap({ strapi }: { strapi: Core.Strapi }) {
    await applyPublicPermissions(strapi);
    await registerSiteBuilderWebhook(strapi);
  },
};
