import { factories } from '@strapi/strapi';

export default factories.createCoreController('api::personal-data-request.personal-data-request');
