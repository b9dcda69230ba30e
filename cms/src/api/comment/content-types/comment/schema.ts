import { comment, toStrapiContentType } from '@iro/content-types';

export default toStrapiContentType(comment);
