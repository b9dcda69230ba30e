import { siteBuild, toStrapiContentType } from '@iro/content-types';

export default toStrapiContentType(siteBuild);
