import { event, toStrapiContentType } from '@iro/content-types';

export default toStrapiContentType(event);
