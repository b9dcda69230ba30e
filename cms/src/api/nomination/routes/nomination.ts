import { factories } from '@strapi/strapi';

// Private: no public permission is ever granted (see bootstrap/public-permissions).
export default factories.createCoreRouter('api::nomination.nomination');
