import { factories } from '@strapi/strapi';

export default factories.createCoreController('api::notice-email.notice-email');
