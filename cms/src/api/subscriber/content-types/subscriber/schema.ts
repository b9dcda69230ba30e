import { subscriber, toStrapiContentType } from '@iro/content-types';

export default toStrapiContentType(subscriber);
