import type { Core } from '@strapi/strapi';
import { applyEditorViews } from './admin-views/editor-views';
import { nominationRules } from './document-rules/nomination-rules';
import { personPublicEmail } from './document-rules/person-public-email';
import { personalDataRequests } from './document-rules/personal-data-requests';
import { keepAddressesLowerCase, lowerCaseAddresses, lowerCaseStoredAddresses } from './document-rules/lower-case-addresses';
import { trainingPlaces } from './document-rules/training-places';
import { applyPublicPermissions } from './public-api/permissions';
import { registerSiteBuilderWebhook } from './site-builder/webhook';
import { newPostMail } from './document-rules/new-post-mail';
import { forgetChangedReads } from './forms/cached-reads';
import { requireFormSecrets } from './forms/http';
import { recordAlreadyPublished, runOutboxWhileServing, stopOutbox } from './outbox';

export default {
  register({ strapi }: { strapi: Core.Strapi }) {
    requireFormSecrets();
    strapi.documents.use(newPostMail(strapi));
    strapi.documents.use(personPublicEmail(strapi));
    strapi.documents.use(nominationRules(strapi));
    // Before the rules that count by address, which then see it lowered.
    strapi.documents.use(lowerCaseAddresses());
    strapi.documents.use(trainingPlaces(strapi));
    strapi.documents.use(personalDataRequests(strapi));
    strapi.documents.use(forgetChangedReads(strapi));
    // Behind a proxy (CMS_BEHIND_PROXY), a client's address is the one our proxy appended to
    // X-Forwarded-For, not the first entry, which the client can write itself. Rate limits and
    // consent records depend on it.
    const app = strapi.server.app as { proxy: boolean; maxIpsCount: number };
    if (app.proxy) app.maxIpsCount = Number(process.env.CMS_PROXY_HOPS ?? 1);
  },

  async bootstrap({ strapi }: { strapi: Core.Strapi }) {
    await applyPublicPermissions(strapi);
    await applyEditorViews(strapi);
    await registerSiteBuilderWebhook(strapi);
    // Posts published before the outbox existed count as e-mailed: re-publishing one sends nothing.
    await recordAlreadyPublished(strapi);
    keepAddressesLowerCase(strapi);
    await lowerCaseStoredAddresses(strapi);
    runOutboxWhileServing(strapi);
  },

  async destroy({ strapi }: { strapi: Core.Strapi }) {
    await stopOutbox(strapi);
  },
};
