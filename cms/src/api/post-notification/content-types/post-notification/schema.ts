import { postNotification, toStrapiContentType } from '@iro/content-types';

export default toStrapiContentType(postNotification);
