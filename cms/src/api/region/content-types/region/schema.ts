import { region, toStrapiContentType } from '@iro/content-types';

export default toStrapiContentType(region);
