import { siteSetting, toStrapiContentType } from '@iro/content-types';

export default toStrapiContentType(siteSetting);
