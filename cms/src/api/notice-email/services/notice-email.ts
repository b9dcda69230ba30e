import { factories } from '@strapi/strapi';

export default factories.createCoreService('api::notice-email.notice-email');
