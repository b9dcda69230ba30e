import { personalDataRequest, toStrapiContentType } from '@iro/content-types';

export default toStrapiContentType(personalDataRequest);
