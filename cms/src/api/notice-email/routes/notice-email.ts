import { factories } from '@strapi/strapi';

// Private: no public permission is ever granted (see public-api/permissions).
export default factories.createCoreRouter('api::notice-email.notice-email');
