import { factories } from '@strapi/strapi';

export default factories.createCoreService('api::training-booking.training-booking');
