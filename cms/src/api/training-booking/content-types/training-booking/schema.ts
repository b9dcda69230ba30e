import { trainingBooking, toStrapiContentType } from '@iro/content-types';

export default toStrapiContentType(trainingBooking);
