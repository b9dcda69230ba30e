import { page, toStrapiContentType } from '@iro/content-types';

export default toStrapiContentType(page);
