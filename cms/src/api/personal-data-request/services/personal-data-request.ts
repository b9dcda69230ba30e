import { factories } from '@strapi/strapi';

export default factories.createCoreService('api::personal-data-request.personal-data-request');
