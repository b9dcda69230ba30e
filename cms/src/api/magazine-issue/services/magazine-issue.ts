import { factories } from '@strapi/strapi';

export default factories.createCoreService('api::magazine-issue.magazine-issue');
