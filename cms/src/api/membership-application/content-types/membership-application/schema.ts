import { membershipApplication, toStrapiContentType } from '@iro/content-types';

export default toStrapiContentType(membershipApplication);
