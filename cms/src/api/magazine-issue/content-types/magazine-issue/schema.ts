import { magazineIssue, toStrapiContentType } from '@iro/content-types';

export default toStrapiContentType(magazineIssue);
