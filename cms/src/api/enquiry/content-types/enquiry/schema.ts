import { enquiry, toStrapiContentType } from '@iro/content-types';

export default toStrapiContentType(enquiry);
